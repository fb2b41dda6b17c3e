namespace Legion.Actors.Model;

/// <summary>
/// Everything one node's election remembers between inputs of <see cref="ElectionStep.Step"/>: the phase, the
/// election state of the last round and what the rules around the round read (members, witness, skew evidence,
/// claim fence, version seen, pending actions). Immutable: a step returns a new machine.
/// </summary>
internal sealed record ElectionMachine
{
    /// <summary>The settings the rules read.</summary>
    public required ElectionTerms Terms { get; init; }

    /// <summary>Where the election is in its life; <see cref="ElectionPhase.WarmingUp"/> at start.</summary>
    public ElectionPhase Phase { get; init; } = ElectionPhase.WarmingUp;

    /// <summary>The state after the last round (<see cref="ElectionState.Initial"/> at start): what heartbeat announces.</summary>
    public ElectionState Election { get; init; } = ElectionState.Initial;

    /// <summary>The member table as membership last told it.</summary>
    public Membership Membership { get; init; } = Membership.Empty;

    /// <summary>The witness's last observation; null without a witness or before its first.</summary>
    public ElectionInput.WitnessObserved? Witness { get; init; }

    /// <summary>The witness verdict last logged; <see cref="WitnessVerdict.Normal"/> at start.</summary>
    public WitnessVerdict WitnessVerdict { get; init; } = WitnessVerdict.Normal;

    /// <summary>The skew evidence membership last told (peers heard only through announces dropped for clock skew).</summary>
    public SkewEvidence Skew { get; init; } = SkewEvidence.Empty;

    /// <summary>The newest version a member announced that made this node outdated; null while none has.</summary>
    public string? OutdatedBy { get; init; }

    /// <summary>The end of the latest claim fence, in local monotonic time (<see cref="LegionInstant.Monotonic"/>); null for none.</summary>
    public TimeSpan? ClaimFenceUntil { get; init; }

    /// <summary>True from a <c>lord</c> event until its actions are done or an <c>unlord</c> fires: Lord-only work waits for them.</summary>
    public bool AwaitingLordActions { get; init; }

    /// <summary>
    /// True from a handover's <c>unlord</c> (a new identity that can no longer win) until its actions are done: heartbeat
    /// keeps announcing the old identity, as no Lord, so no successor's <c>lord</c> actions overlap ours.
    /// </summary>
    public bool HandoverPending { get; init; }

    /// <summary>The machine of a node that just started, warming up.</summary>
    /// <param name="terms">The settings the rules read.</param>
    public static ElectionMachine Start(ElectionTerms terms) => new() { Terms = terms };
}
