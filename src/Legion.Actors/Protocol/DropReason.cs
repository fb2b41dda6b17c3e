namespace Legion.Actors.Protocol;

/// <summary>
/// Why a received datagram was not turned into an accepted announce. The protocol layer
/// (<see cref="LegionDatagram"/>, <see cref="AnnounceCodec"/>) reports the reasons up to
/// <see cref="MissingName"/> (all of them after decryption as <see cref="Undecodable"/> under a CBC cipher);
/// <see cref="OwnPacket"/>, <see cref="Impersonation"/> and <see cref="ClockSkew"/> are decided by the
/// layers that know the node's identity and clock.
/// </summary>
public enum DropReason
{
    /// <summary>Not dropped: the datagram or body was accepted.</summary>
    None = 0,

    /// <summary>Longer than uWSGI reads (<see cref="LegionDatagram.MaxDatagramLength"/> bytes); uWSGI would see it truncated.</summary>
    Oversized,

    /// <summary>Shorter than the 4-byte header (as uWSGI 2.0 legion.c, legion_loop: "invalid packet size").</summary>
    TooShort,

    /// <summary>modifier1 is not 109 (as uWSGI 2.0 legion.c, legion_loop: "invalid modifier1").</summary>
    BadModifier,

    /// <summary>
    /// Authenticated mode: the ciphertext failed authentication (wrong key, another legion, corruption, tampering). Under
    /// a CBC cipher a bad padding is <see cref="Undecodable"/>, told apart from nothing that follows decryption.
    /// </summary>
    DecryptFailed,

    /// <summary>The decrypted length differs from the header's pktsize (as uWSGI 2.0 legion.c, legion_loop: "invalid packet size"). Authenticated mode; <see cref="Undecodable"/> under a CBC cipher.</summary>
    SizeMismatch,

    /// <summary>The body is not a valid uwsgi vars encoding (as uWSGI 2.0 protocol.c, uwsgi_hooked_parse).</summary>
    Malformed,

    /// <summary>The body's <c>legion</c> value is not the expected legion name, byte for byte (as uWSGI 2.0 legion.c, legion_loop).</summary>
    WrongLegion,

    /// <summary>
    /// No <c>uuid</c> of exactly 36 bytes. uWSGI would admit such a sender with an all-zero uuid, but
    /// uWSGI itself always sends one, so only a broken or foreign sender omits it; we refuse to make a
    /// member out of it rather than invent an identity.
    /// </summary>
    MissingUuid,

    /// <summary>
    /// No <c>name</c>, or an empty one. uWSGI cannot admit such a sender either (uWSGI 2.0 legion.c,
    /// uwsgi_legion_add_node refuses an empty name), so it can never be a member.
    /// </summary>
    MissingName,

    /// <summary>The announce is our own, looped back (same name, pid, valor and uuid), as uWSGI 2.0 legion.c, legion_loop.</summary>
    OwnPacket,

    /// <summary>The sender's <c>unix</c> time is older than now minus the skew tolerance (as uWSGI 2.0 legion.c, legion_loop: "check your clock").</summary>
    ClockSkew,

    /// <summary>
    /// Authenticated mode only: the sender's sequence number was already seen (or is too far behind
    /// the newest seen from that sender), i.e. a replayed datagram, even inside the skew window.
    /// </summary>
    Replayed,

    /// <summary>
    /// The sender's <c>unix</c> time is later than now plus the skew tolerance, in every protocol mode
    /// (uWSGI 2.0 accepts future-dated announces; this project does not, see <see cref="Model.Membership.Receive"/>).
    /// </summary>
    FutureDated,

    /// <summary>
    /// A new member was refused because the legion's member table is full (<c>legion-max-members</c>, an extension;
    /// uWSGI 2.0 has no cap). Decided by the membership layer; a flood of forged uuids ends here.
    /// </summary>
    TooManyMembers,

    /// <summary>
    /// Received faster than the node processes datagrams: dropped undecoded by the receive thread while more than
    /// <see cref="Runtime.LegionExtensionSettings.ReceiveBacklogBytes"/> of received datagrams wait for the transport actor, so a flood
    /// costs bounded memory (the kernel drops beyond its socket buffer in the same way, uncounted). An extension.
    /// </summary>
    Overloaded,

    /// <summary>
    /// CBC ciphers (the uWSGI-compatible mode) only: the datagram did not open to an announce of this legion, for any of
    /// the reasons that follow decryption (a bad PKCS#7 padding, a plaintext length other than pktsize, a malformed
    /// body, another legion's name, no uuid, no name), which are never told apart there. Nothing authenticates a CBC
    /// ciphertext, so a receiver that counted or logged a bad padding apart from a bad body would be a padding oracle:
    /// an outsider with one captured datagram and the public stats decrypts it and forges announces. In the
    /// authenticated mode nothing unauthenticated reaches the parser, and the precise reasons above are kept.
    /// </summary>
    Undecodable,

    /// <summary>
    /// The announce carries this node's own uuid but not its own name and pid: another process claims to be this
    /// node (a forged announce, or a copy of this process). Never admitted as a member: a node is not its own peer.
    /// Decided by the membership layer; an extension (uWSGI 2.0 admits it when name, pid or valor differ).
    /// </summary>
    Impersonation,
}
