using Microsoft.Extensions.Logging;

namespace Legion.Actors.Model;

/// <summary>
/// One node's election as one pure step, as etcd raft's <c>Step</c>: (machine, input, now) to (machine, effects). It
/// combines <see cref="Election.Round"/> with the rules around it: the warm-up, the witness (<see cref="WitnessRule"/>),
/// clock skew (<see cref="SkewRule"/>), the claim fence (<see cref="Model.ClaimFence"/>), version fencing and retirement
/// (<see cref="VersionFence"/>), handover (<see cref="Handover"/>) and suspension (<see cref="Election.Suspend"/>).
/// No clock reads, no I/O: the caller passes the time and performs the effects, in order.
/// </summary>
/// <remarks>
/// As uWSGI skips the election in its first loop iteration, no round runs during a warm-up of two frequencies after
/// start: a starting node first hears its peers, and does not claim lordship of a legion it has not yet seen. Two
/// periods, not one, because uWSGI announces on whole-second boundaries, so one of its periods can stretch to nearly two.
/// </remarks>
internal static class ElectionStep
{
    /// <summary>Feeds one input to the machine.</summary>
    /// <param name="machine">The machine before the input (<see cref="ElectionMachine.Start"/> at start).</param>
    /// <param name="input">What happened.</param>
    /// <param name="now">The current time (wall clock for the <c>lord</c> key and suspension, monotonic for fences and throttles).</param>
    /// <returns>The machine after the input, and what the caller must do, in order (empty when nothing).</returns>
    public static (ElectionMachine Machine, IReadOnlyList<ElectionEffect> Effects) Step(ElectionMachine machine, ElectionInput input, LegionInstant now)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(input);
        var effects = new List<ElectionEffect>();
        var next = input switch
        {
            ElectionInput.MembershipChanged changed => RoundIfRunning(CheckVersion(machine with { Membership = changed.Membership }, effects), now, effects),
            ElectionInput.WitnessObserved witness => RoundIfRunning(machine with { Witness = witness }, now, effects),
            ElectionInput.SkewObserved skew => RoundIfRunning(machine with { Skew = skew.Evidence }, now, effects),
            ElectionInput.MemberJoined joined => Fire(machine, LegionEvent.NodeJoined, effects, joined.Member.Key),
            ElectionInput.MemberLeft left => FenceClaimsAfter(Fire(machine, LegionEvent.NodeLeft, effects, left.Member.Key), left.Member, now, effects),
            ElectionInput.ClaimFenceEnded => RoundIfRunning(machine, now, effects),
            ElectionInput.Tick tick => OnTick(machine, tick.SinceStart, now, effects),
            ElectionInput.SwitchIdentity switching => SwitchIdentity(machine, switching.Terms, now, effects),
            ElectionInput.LordActionsDone done => OnLordActionsDone(machine, done.Failures, now, effects),
            ElectionInput.UnlordActionsDone => OnUnlordActionsDone(machine, effects),
            ElectionInput.Restarting => StepDown(machine, effects),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, "unknown election input"),
        };
        return (next, effects);
    }

    private static ElectionMachine OnTick(ElectionMachine machine, TimeSpan sinceStart, LegionInstant now, List<ElectionEffect> effects)
    {
        if (machine.Phase == ElectionPhase.WarmingUp)
        {
            if (sinceStart < machine.Terms.WarmUp)
            {
                return machine;
            }
            machine = machine with { Phase = ElectionPhase.Running };
        }
        return Round(machine, now, effects);
    }

    private static ElectionMachine RoundIfRunning(ElectionMachine machine, LegionInstant now, List<ElectionEffect> effects) =>
        machine.Phase == ElectionPhase.Running ? Round(machine, now, effects) : machine;

    /// <summary>Fires <c>outdated</c> once per newer version a member announces; retires and leaves the legion when configured to.</summary>
    private static ElectionMachine CheckVersion(ElectionMachine machine, List<ElectionEffect> effects)
    {
        var terms = machine.Terms;
        if (machine.Phase == ElectionPhase.Retired || VersionFence.NewerThanMine(terms.Version, machine.Membership.Members) is not { } newer
            || (machine.OutdatedBy is not null && VersionFence.Compare(newer, machine.OutdatedBy) <= 0))
        {
            return machine;
        }
        machine = machine with { OutdatedBy = newer };
        var member = machine.Membership.Members.First(m => m.Extensions.GetValueOrDefault(VersionFence.VersionKey) == newer);
        effects.Add(new ElectionEffect.Log(LogLevel.Warning, "Legion {Legion}: this node (version {Version}) is outdated: {Member} runs version {Newer}",
            terms.Legion, terms.Version, member.Key, newer));
        machine = Fire(machine, LegionEvent.Outdated, effects, member.Key);
        if (!terms.LeaveWhenOutdated)
        {
            return machine;
        }
        // Never rule again in this run: an outdated node must not win an election it has left.
        machine = StepDown(machine with { Phase = ElectionPhase.Retired }, effects);
        effects.Add(new ElectionEffect.LeaveLegion());
        return machine;
    }

    /// <summary>A Lord gives up lordship outside a round (retired, restarting): <c>unlord</c>, and everyone is told.</summary>
    private static ElectionMachine StepDown(ElectionMachine machine, List<ElectionEffect> effects)
    {
        if (!machine.Election.IsLord)
        {
            return machine;
        }
        machine = Fire(machine with { Election = machine.Election with { LordSince = 0 } }, LegionEvent.Unlord, effects);
        effects.Add(new ElectionEffect.ShareState(machine.Election));
        return machine;
    }

    private static ElectionMachine Round(ElectionMachine machine, LegionInstant now, List<ElectionEffect> effects)
    {
        if (machine.Phase == ElectionPhase.Retired)
        {
            return machine;
        }
        var terms = machine.Terms;
        var membership = machine.Membership;
        var before = machine.Election;
        var verdict = machine.Witness is { } w ? WitnessRule.Evaluate(membership.Count, w.Reachable, w.FreshOthers) : WitnessVerdict.Normal;
        var skewed = SkewRule.SkewedPeers(machine.Skew, membership);
        bool skewAllows = SkewRule.MayClaim(terms.Self, membership, skewed);
        bool fenced = ClaimFence.Holds(machine.ClaimFenceUntil, now.Monotonic, before.IsLord);
        var outcome = Election.Round(before, terms.Self, membership, terms.Quorum, now, terms.Scroll, terms.LordLease,
            mayClaim: verdict == WitnessVerdict.Normal && skewAllows && !fenced, lordScrollMaxSize: terms.ScrollMaxSize);
        var state = outcome.State with { SkewedPeers = skewed.Count, SkewBlocksClaim = !skewAllows };
        if (skewAllows == before.SkewBlocksClaim)
        {
            effects.Add(SkewLog(terms, membership, skewed, skewAllows));
        }
        if (before.IsLord && !state.IsLord && state.Verdict == RoundVerdict.Disagreement)
        {
            effects.Add(new ElectionEffect.Log(LogLevel.Warning, "Lord lease of legion {Legion} expired: no agreeing quorum for more than {Lease}; stepping down",
                terms.Legion, terms.LordLease));
        }
        machine = machine with { Election = state };
        if (outcome.QuorumReport)
        {
            effects.Add(new ElectionEffect.Log(LogLevel.Information,
                "Quorum for legion {Legion}: Lord candidate {Candidate}, checksum {Checksum}, {Votes} vote(s), {Members} member(s)",
                terms.Legion, state.Candidate, state.Checksum, state.Votes, membership.Count));
        }
        if (outcome.NoQuorumWarning)
        {
            effects.Add(new ElectionEffect.Log(LogLevel.Warning, "No quorum for legion {Legion}: only {Votes} vote(s), {Quorum} needed to elect a Lord",
                terms.Legion, state.Votes, terms.Quorum));
        }
        foreach (var legionEvent in outcome.Events)
        {
            machine = Fire(machine, legionEvent, effects);
        }
        if (verdict != machine.WitnessVerdict)
        {
            effects.Add(new ElectionEffect.Log(verdict == WitnessVerdict.Normal ? LogLevel.Information : LogLevel.Warning,
                "Witness of legion {Legion}: {Verdict} ({Members} member(s) over UDP, witness {Witness})",
                terms.Legion, verdict, membership.Count, machine.Witness));
            if (verdict == WitnessVerdict.ForceExit)
            {
                machine = Fire(machine, LegionEvent.ForcedExit, effects);
            }
            machine = machine with { WitnessVerdict = verdict };
        }
        if (state != before)
        {
            effects.Add(new ElectionEffect.ShareState(state));
        }
        // A changed vote or checksum goes out at once (heartbeat coalesces bursts): peers can only count
        // votes once every member announces the same view, so waiting a whole period slows every failover.
        if (outcome.AnnounceNow || state.AnnouncedVote != before.AnnouncedVote || state.Checksum != before.Checksum)
        {
            effects.Add(new ElectionEffect.AnnounceNow());
        }
        return machine;
    }

    private static ElectionEffect.Log SkewLog(ElectionTerms terms, Membership membership, IReadOnlyList<SkewedPeer> skewed, bool skewAllows) =>
        skewAllows
            ? new(LogLevel.Information, "Legion {Legion}: clock skew no longer keeps this node from claiming lordship ({SkewedPeers} skewed peer(s) heard)",
                terms.Legion, skewed.Count)
            : new(LogLevel.Warning,
                "Legion {Legion}: hearing {SkewedPeers} peer(s) whose clocks differ by more than the skew tolerance ({SkewTolerance}) from this node's, against {Side} node(s) on this side; not claiming lordship ({Peers}); check the clocks",
                terms.Legion, skewed.Count, terms.SkewTolerance, membership.Count + 1, string.Join(", ", skewed.Select(p => $"{p.Name} valor {p.Valor}")));

    /// <summary>Sets the claim fence a member that expired calls for (<see cref="ClaimFence.After"/>), and a round at its end.</summary>
    private static ElectionMachine FenceClaimsAfter(ElectionMachine machine, Member left, LegionInstant now, List<ElectionEffect> effects)
    {
        var terms = machine.Terms;
        if (ClaimFence.After(left, machine.Election.Candidate, terms.Quorum, terms.Tolerance, terms.ClaimFence) is not { } until
            || until <= now.Monotonic || (machine.ClaimFenceUntil is { } current && current >= until))
        {
            return machine;
        }
        effects.Add(new ElectionEffect.StartClaimFenceTimer(until - now.Monotonic));
        effects.Add(new ElectionEffect.Log(LogLevel.Information,
            "Legion {Legion}: Lord {Member} went silent; this node claims no lordship for {Fence}, until a Lord cut off from its quorum has stepped down",
            terms.Legion, left.Key, until - now.Monotonic));
        return machine with { ClaimFenceUntil = until };
    }

    private static ElectionMachine SwitchIdentity(ElectionMachine machine, ElectionTerms terms, LegionInstant now, List<ElectionEffect> effects)
    {
        var result = Handover.SwitchIdentity(machine.Election, terms.Self, machine.Membership, now);
        machine = machine with { Election = result.State };
        if (result.GivesUpLordship)
        {
            // Hand over gracefully: peers only learn of the new identity once the unlord actions are done,
            // so no successor's lord actions overlap ours. Meanwhile keep announcing the old identity, as no Lord.
            machine = machine with { HandoverPending = true };
            effects.Add(new ElectionEffect.HoldAnnounces(machine.Election));
            machine = Fire(machine, LegionEvent.Unlord, effects, replyWhenDone: true);
            effects.Add(new ElectionEffect.ReportState(machine.Election));
        }
        machine = RoundIfRunning(machine with { Terms = terms }, now, effects);
        if (!machine.HandoverPending)
        {
            effects.Add(new ElectionEffect.AnnounceIdentity(machine.Election));
        }
        return machine;
    }

    private static ElectionMachine OnUnlordActionsDone(ElectionMachine machine, List<ElectionEffect> effects)
    {
        if (!machine.HandoverPending)
        {
            return machine;
        }
        effects.Add(new ElectionEffect.AnnounceIdentity(machine.Election));
        return machine with { HandoverPending = false };
    }

    /// <summary>
    /// Lord-only work starts once the lord actions are done; with <c>legion-death-on-lord-error</c> a failure suspends this
    /// node instead, as uWSGI 2.0 legion.c (<c>legions_check_nodes_step2</c>): a death announce, then no announces and no
    /// candidacy until the suspension ends; no unlord event, since the lord transition never completed.
    /// </summary>
    private static ElectionMachine OnLordActionsDone(ElectionMachine machine, int failures, LegionInstant now, List<ElectionEffect> effects)
    {
        if (!machine.AwaitingLordActions)
        {
            return machine;
        }
        machine = machine with { AwaitingLordActions = false };
        var terms = machine.Terms;
        if (failures > 0 && terms.DeathOnLordError > TimeSpan.Zero)
        {
            machine = machine with { Election = Election.Suspend(machine.Election, now.Wall + terms.DeathOnLordError) };
            effects.Add(new ElectionEffect.Log(LogLevel.Warning,
                "A lord action of legion {Legion} failed: announcing death and suspending this node from the legion for {Duration}",
                terms.Legion, terms.DeathOnLordError));
            effects.Add(new ElectionEffect.AnnounceSuspension(machine.Election));
        }
        else if (machine.Election.IsLord)
        {
            effects.Add(new ElectionEffect.StartLordWork());
        }
        return machine;
    }

    /// <summary>Fires an event under the current identity and state; a <c>lord</c> event awaits its actions, an <c>unlord</c> one ends the wait.</summary>
    private static ElectionMachine Fire(
        ElectionMachine machine, LegionEvent legionEvent, List<ElectionEffect> effects, MemberKey? member = null, bool replyWhenDone = false)
    {
        effects.Add(new ElectionEffect.Fire(legionEvent, machine.Terms.Self, machine.Election, member, replyWhenDone));
        return legionEvent switch
        {
            LegionEvent.Lord => machine with { AwaitingLordActions = true },
            LegionEvent.Unlord => machine with { AwaitingLordActions = false },
            _ => machine,
        };
    }
}
