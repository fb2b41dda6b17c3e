namespace Legion.Actors.Simulation;

/// <summary>How a <see cref="SimulatedNetwork"/> carries announces between simulated nodes.</summary>
public enum SimulationTransport
{
    /// <summary>
    /// The default: every announce is encoded and encrypted with the real codec and cipher
    /// (<see cref="Protocol.LegionDatagram.Seal(Protocol.Announce, Protocol.ILegionCipher)"/>) and each receiver
    /// decrypts and parses it, so a simulation exercises exactly the bytes a real node sends.
    /// </summary>
    SealedDatagrams,

    /// <summary>
    /// For large sweeps and benchmarks: the <see cref="Protocol.Announce"/> object itself travels, shared by every
    /// receiver, skipping encoding and encryption (the announce is immutable, and a decoded announce equals the
    /// one encoded). A receiver whose cipher, secret or IV differs from the sender's still drops it, and one of another
    /// legion too, as <see cref="Protocol.DropReason.Undecodable"/> under a CBC cipher (in the authenticated mode as
    /// <see cref="Protocol.DropReason.DecryptFailed"/> and <see cref="Protocol.DropReason.WrongLegion"/>), so the
    /// election and the counters see what they would see on the wire.
    /// </summary>
    Announces,
}
