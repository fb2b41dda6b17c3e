namespace Legion.Fuzz;

/// <summary>
/// The kinds of hostile datagram <see cref="HostileDatagramGenerator"/> makes. Kinds marked "sealed" are
/// encrypted with the legion's real key, so they reach the decoder and the member table; the others die at
/// the framing or decryption step.
/// </summary>
public enum HostileKind
{
    /// <summary>0 to 1500 random bytes (1 in 20: up to 65,507, the largest UDP payload over IPv4).</summary>
    RandomBytes,

    /// <summary>0 to 4 bytes: shorter than or exactly the header.</summary>
    Tiny,

    /// <summary>A valid sealed announce cut short at a random length.</summary>
    TruncatedValid,

    /// <summary>A valid sealed announce with 1 to 8 random bits flipped anywhere, header included.</summary>
    BitFlippedValid,

    /// <summary>65,500 to 65,507 bytes behind a plausible header: longer than uWSGI reads.</summary>
    Oversized,

    /// <summary>A valid sealed announce whose modifier1 is not 109.</summary>
    WrongModifier,

    /// <summary>A valid sealed announce whose padding no longer checks (the block before the last is altered).</summary>
    BadPadding,

    /// <summary>A valid sealed announce whose header pktsize differs from the plaintext length.</summary>
    PktsizeLie,

    /// <summary>Sealed: an announce whose numbers are huge, negative, signed, hexadecimal, empty or not digits at all.</summary>
    HugeNumbers,

    /// <summary>Sealed: an announce with a random subset of its keys left out.</summary>
    MissingKeys,

    /// <summary>Sealed: an announce with keys repeated with other values (including uuids of other lengths).</summary>
    DuplicatedKeys,

    /// <summary>Sealed: a body whose vars encoding lies (a length running past the end, a dangling byte).</summary>
    MalformedVars,

    /// <summary>Sealed: an announce from a new uuid carrying a scroll of up to the ~64 KiB that fit in one datagram.</summary>
    HugeScroll,

    /// <summary>Sealed: an announce carrying thousands of unknown keys (extensions) in one datagram.</summary>
    ManyUnknownKeys,

    /// <summary>Sealed: a well-formed announce from a brand-new uuid, every time (member-table exhaustion).</summary>
    UuidFlood,

    /// <summary>Sealed: a death announce from a node nobody knows.</summary>
    StrangerDeath,

    /// <summary>Sealed: an announce whose <c>unix</c> is far in the past or the future.</summary>
    Skewed,

    /// <summary>Sealed with the right key but for another legion.</summary>
    WrongLegion,

    /// <summary>A well-formed announce sealed with another secret.</summary>
    WrongKey,
}
