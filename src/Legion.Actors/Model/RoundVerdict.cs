namespace Legion.Actors.Model;

/// <summary>How one election round counted.</summary>
public enum RoundVerdict
{
    /// <summary>Every member agrees (checksum and vote) and votes ≥ quorum: the candidate rules.</summary>
    Quorate,

    /// <summary>Every member agrees but there are fewer votes than the quorum: no Lord may rule.</summary>
    NoQuorum,

    /// <summary>Some member's checksum or vote differs from ours (votes = 0): nothing changes.</summary>
    Disagreement,
}
