namespace Legion.Actors.Model;

/// <summary>
/// The rules of runtime changes to a node's identity — a new valor, a step-down — as pure functions, beside
/// <see cref="Election"/>. uWSGI 2.0 has none of this: its valor is fixed at start (uWSGI issue #100).
/// </summary>
/// <remarks>
/// Peers key members by (valor, name, uuid), so a new valor is a new member on every peer. The node announces
/// the new identity and, right after it, the old identity's death, so no ghost of the old identity lingers
/// until it expires. The new identity goes first because nodes of this project run an election round after every
/// change of their member table, a death included: a death first would leave a two-node legion's peer alone for
/// one round, and it would claim lordship and drop it again a moment later. (uWSGI 2.0 skips the round after a
/// death announce — legion.c, <c>legion_loop</c>: <c>continue</c> — so either order keeps a uWSGI peer quiet.)
/// A Lord whose new identity can no longer win gives up lordship at once, before announcing anything, so its
/// <c>unlord</c> actions run before any successor's <c>lord</c> actions.
/// </remarks>
internal static class Handover
{
    /// <summary>How long a step-down lasts when no period is given: 60 s, as MongoDB's <c>rs.stepDown()</c>.</summary>
    public static readonly TimeSpan DefaultStepDownPeriod = TimeSpan.FromSeconds(60);

    /// <summary>
    /// This node takes identity <paramref name="next"/> (a new valor): if it is the Lord and the new identity
    /// would not be its own candidate, it gives up lordship now (an <c>unlord</c> event, <c>lord</c> = 0).
    /// Otherwise the state is unchanged; the next <see cref="Election.Round"/> recomputes vote and checksum.
    /// </summary>
    /// <param name="state">The election state now.</param>
    /// <param name="next">The identity this node takes.</param>
    /// <param name="membership">The member table now.</param>
    /// <param name="now">The current time (for a suspension in force).</param>
    public static IdentitySwitch SwitchIdentity(ElectionState state, NodeIdentity next, Membership membership, LegionInstant now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(membership);
        var candidate = Election.Candidate(next, membership.Members, state.IsSuspendedAt(now.Wall));
        bool stillBest = !candidate.IsNone && candidate == next.AsVote;
        return state.IsLord && !stillBest
            ? new IdentitySwitch(state with { LordSince = 0 }, GivesUpLordship: true, candidate)
            : new IdentitySwitch(state, GivesUpLordship: false, candidate);
    }

    /// <summary>
    /// Decides a step-down (as MongoDB's <c>rs.stepDown()</c>): the Lord announces itself as an arbiter
    /// (valor 0) for <paramref name="period"/>, so the best other member takes over, then returns to its valor
    /// (and, if that is still the highest, to lordship). Refused when this node is not the Lord, when the period
    /// is not positive, and — unless <paramref name="force"/> — when no other member with a valor could take
    /// over, which would leave the legion without a Lord.
    /// </summary>
    /// <param name="state">The election state now.</param>
    /// <param name="self">This node.</param>
    /// <param name="membership">The member table now.</param>
    /// <param name="period">How long to stay an arbiter; positive.</param>
    /// <param name="force">Step down even with no successor in sight.</param>
    public static StepDownDecision StepDown(ElectionState state, NodeIdentity self, Membership membership, TimeSpan period, bool force)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(membership);
        if (period <= TimeSpan.Zero)
        {
            return StepDownDecision.Refuse($"the step-down period must be positive (got {period})");
        }
        if (!state.IsLord)
        {
            return StepDownDecision.Refuse("this node is not the Lord");
        }
        var successor = Successor(self, membership);
        if (successor.IsNone && !force)
        {
            return StepDownDecision.Refuse("no other member with a valor could take over; force it to leave the legion without a Lord for the period");
        }
        return new StepDownDecision(true, null, successor, period, self.Valor);
    }

    /// <summary>The member that would be Lord without this node: the best non-arbiter member, or none.</summary>
    /// <param name="self">This node.</param>
    /// <param name="membership">The member table.</param>
    public static Vote Successor(NodeIdentity self, Membership membership)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(membership);
        var asArbiter = self with { Valor = 0 };
        var best = Election.AnnouncedVote(asArbiter, membership.Members);
        return best == asArbiter.AsVote ? Vote.None : best;
    }
}
