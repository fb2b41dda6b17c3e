namespace Legion.Actors.Model;

/// <summary>
/// One input to <see cref="ElectionStep.Step"/>: something the election actor heard (from membership, the witness,
/// the action runner, the supervisor) or one of its timers. Time is not part of an input: the step gets it apart.
/// </summary>
internal abstract record ElectionInput
{
    private ElectionInput()
    {
    }

    /// <summary>The member table changed (from membership).</summary>
    /// <param name="Membership">The table now.</param>
    public sealed record MembershipChanged(Membership Membership) : ElectionInput;

    /// <summary>The shared-storage witness was consulted (see <see cref="WitnessRule"/>).</summary>
    /// <param name="Reachable">Whether this node could write its own record and read the directory.</param>
    /// <param name="FreshOthers">Other nodes whose records are fresh.</param>
    public sealed record WitnessObserved(bool Reachable, int FreshOthers) : ElectionInput;

    /// <summary>The skew evidence changed (peers heard only through announces dropped for clock skew).</summary>
    /// <param name="Evidence">The evidence now.</param>
    public sealed record SkewObserved(SkewEvidence Evidence) : ElectionInput;

    /// <summary>A member joined the table: fire <c>node-joined</c>.</summary>
    /// <param name="Member">The member.</param>
    public sealed record MemberJoined(Member Member) : ElectionInput;

    /// <summary>A member left the table (expired or announced its death): fire <c>node-left</c>, maybe fence claims.</summary>
    /// <param name="Member">The member as last heard.</param>
    public sealed record MemberLeft(Member Member) : ElectionInput;

    /// <summary>The claim fence's timer ran out (<see cref="ElectionEffect.StartClaimFenceTimer"/>): run a round.</summary>
    public sealed record ClaimFenceEnded : ElectionInput;

    /// <summary>The periodic tick, once per frequency: ends the warm-up once it has passed, and runs a round.</summary>
    /// <param name="SinceStart">Monotonic time since the election started (non-negative).</param>
    public sealed record Tick(TimeSpan SinceStart) : ElectionInput;

    /// <summary>This node takes a new identity or scroll (a new valor, a step-down), see <see cref="Handover"/>.</summary>
    /// <param name="Terms">The settings from now on.</param>
    public sealed record SwitchIdentity(ElectionTerms Terms) : ElectionInput;

    /// <summary>The actions of the latest <c>lord</c> event are done.</summary>
    /// <param name="Failures">How many of them failed (0 or more).</param>
    public sealed record LordActionsDone(int Failures) : ElectionInput;

    /// <summary>The actions of an <c>unlord</c> event asked to reply (<see cref="ElectionEffect.Fire.ReplyWhenDone"/>) are done.</summary>
    public sealed record UnlordActionsDone : ElectionInput;

    /// <summary>The election failed and restarts: a failed incarnation cannot vouch for its lordship.</summary>
    public sealed record Restarting : ElectionInput;
}
