namespace Legion.Actors.Model;

/// <summary>What the shared-storage witness says about this node's right to rule (see <see cref="WitnessRule"/>).</summary>
internal enum WitnessVerdict
{
    /// <summary>No objection: the node has UDP contact with a member, or is alone with its storage working and nobody else alive.</summary>
    Normal,

    /// <summary>No UDP contact with anyone, but other nodes' witness records are fresh: they are alive elsewhere, so claiming lordship would split the legion.</summary>
    DoNotClaim,

    /// <summary>No UDP contact and the witness storage cannot be reached either: the node must step down (<c>forced-exit</c>).</summary>
    ForceExit,
}
