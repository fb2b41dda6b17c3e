namespace Legion.Actors.Model;

/// <summary>
/// The election rules of uWSGI 2.0's Legion (legion.c, <c>uwsgi_legion_get_lord</c> and
/// <c>legions_check_nodes_step2</c>), as pure functions: the caller passes the member table, the
/// state of the previous round and the time, and performs the events and announces returned.
/// </summary>
public static class Election
{
    /// <summary>How often a "no quorum" warning may be logged, as uWSGI's <c>last_warning</c> throttle.</summary>
    public static readonly TimeSpan NoQuorumWarningInterval = TimeSpan.FromSeconds(60);

    /// <summary>
    /// True when node A beats node B: higher valor, or equal valor and a uuid text that is greater
    /// byte by byte (as uWSGI's <c>uwsgi_uuid_cmp</c>).
    /// </summary>
    /// <param name="valorA">Valor of A.</param>
    /// <param name="uuidA">36-character uuid of A.</param>
    /// <param name="valorB">Valor of B.</param>
    /// <param name="uuidB">36-character uuid of B.</param>
    public static bool Beats(ulong valorA, string uuidA, ulong valorB, string uuidB) =>
        valorA > valorB || (valorA == valorB && string.CompareOrdinal(uuidA, uuidB) > 0);

    /// <summary>
    /// The vote a node announces, exactly as uWSGI's <c>uwsgi_legion_get_lord</c>: start from the node
    /// itself (even an arbiter or a suspended node), and let every non-arbiter member that beats the
    /// best so far replace it.
    /// </summary>
    public static Vote AnnouncedVote(NodeIdentity self, IEnumerable<Member> members)
    {
        ulong bestValor = self.Valor;
        string bestUuid = self.Uuid;
        foreach (var member in members)
        {
            if (!member.IsArbiter && Beats(member.Valor, member.Uuid, bestValor, bestUuid))
            {
                bestValor = member.Valor;
                bestUuid = member.Uuid;
            }
        }
        return new Vote(bestValor, bestUuid);
    }

    /// <summary>
    /// <see cref="AnnouncedVote(NodeIdentity, IEnumerable{Member})"/> over the table's members, in O(1): the table keeps
    /// its strongest member (<see cref="Membership.Strongest"/>), which is the only one that can replace this node.
    /// </summary>
    public static Vote AnnouncedVote(NodeIdentity self, Membership membership)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(membership);
        return membership.Strongest is { } best && Beats(best.Valor, best.Uuid, self.Valor, self.Uuid)
            ? new Vote(best.Valor, best.Uuid)
            : new Vote(self.Valor, self.Uuid);
    }

    /// <summary>
    /// The node this node counts votes for: the best non-arbiter member that beats it, else itself
    /// when it has valor &gt; 0 and is not suspended, else nobody (an arbiter alone, or suspended).
    /// </summary>
    public static Vote Candidate(NodeIdentity self, IEnumerable<Member> members, bool suspended)
    {
        return CandidateOf(self, AnnouncedVote(self, members), suspended);
    }

    private static Vote CandidateOf(NodeIdentity self, Vote best, bool suspended)
    {
        bool memberWins = best.Uuid != self.Uuid || best.Valor != self.Valor;
        if (memberWins)
        {
            return best;
        }
        return self.Valor > 0 && !suspended ? self.AsVote : Vote.None;
    }

    /// <summary><see cref="Candidate(NodeIdentity, IEnumerable{Member}, bool)"/> over the table's members, in O(1).</summary>
    public static Vote Candidate(NodeIdentity self, Membership membership, bool suspended) =>
        CandidateOf(self, AnnouncedVote(self, membership), suspended);

    /// <summary>
    /// Votes for <paramref name="candidate"/>: 1 for this node plus 1 per member, but 0 as soon as
    /// any member's announced checksum differs from <paramref name="checksum"/> or its vote differs
    /// from the candidate.
    /// </summary>
    /// <remarks>O(log n): the table keeps a tally of the (checksum, vote) pairs its members announce.</remarks>
    public static int CountVotes(Membership membership, ulong checksum, Vote candidate)
    {
        ArgumentNullException.ThrowIfNull(membership);
        int agreeing = membership.CountAgreeing(checksum, candidate);
        return agreeing == membership.Count ? agreeing + 1 : 0;
    }

    /// <summary>
    /// Runs one election round. With votes &gt; 0 and votes ≥ quorum: the first time fires
    /// <c>join</c>; the candidate, if it is this node and not yet Lord, fires <c>lord</c> (and must
    /// announce at once); a Lord that is no longer the candidate fires <c>unlord</c>. With
    /// 0 &lt; votes &lt; quorum a Lord steps down (<c>unlord</c>). With votes = 0 nothing changes.
    /// </summary>
    /// <remarks>
    /// One deliberate difference from uWSGI 2.0: uWSGI only steps a Lord down for lack of quorum in
    /// the branch that also logs the warning, which it throttles to once per 60 s; here the warning
    /// is throttled but the step-down happens in every round without quorum.
    /// </remarks>
    /// <param name="state">The state after the previous round (<see cref="ElectionState.Initial"/> at start).</param>
    /// <param name="self">This node.</param>
    /// <param name="membership">The member table now.</param>
    /// <param name="quorum">Votes needed; 0 (the default) lets a lone node rule.</param>
    /// <param name="now">The current time.</param>
    /// <param name="ownScroll">This node's scroll, which becomes the Lord scroll when it becomes Lord; null for none.</param>
    /// <param name="lordLease">
    /// Optional Lord lease (extension <c>legion-lord-lease</c>): a Lord that has not counted a quorum of
    /// agreeing votes for longer than this steps down (<c>unlord</c>) even while members disagree (votes = 0),
    /// where uWSGI keeps its Lord for ever. Null (the default) keeps uWSGI's behaviour.
    /// </param>
    /// <param name="mayClaim">
    /// False while something outside the election forbids this node to propose itself (the witness, see
    /// <see cref="WitnessRule"/>; peers heard only through skew-dropped announces, see <see cref="SkewRule"/>): it is
    /// then never the candidate, as if suspended, and a Lord steps down.
    /// </param>
    /// <param name="lordScrollMaxSize">
    /// The longest scroll adopted as the Lord scroll, in bytes (<c>legion-scroll-max-size</c>, uWSGI's default 4096);
    /// a longer or empty one leaves no Lord scroll, as uWSGI 2.0 legion.c (<c>uwsgi_legion_get_lord</c>: <c>scroll_len &lt;= lord_scroll_size</c>).
    /// </param>
    public static ElectionOutcome Round(
        ElectionState state, NodeIdentity self, Membership membership, int quorum, LegionInstant now,
        ReadOnlyMemory<byte>? ownScroll = null, TimeSpan? lordLease = null, bool mayClaim = true, int lordScrollMaxSize = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(membership);
        bool suspended = state.IsSuspendedAt(now.Wall) || !mayClaim;
        var announced = AnnouncedVote(self, membership);
        var candidate = CandidateOf(self, announced, suspended);
        ulong checksum = membership.Checksum(self);
        int votes = CountVotes(membership, checksum, candidate);
        bool selfIsCandidate = !candidate.IsNone && candidate == self.AsVote;

        var events = new List<LegionEvent>(2);
        var next = state with { AnnouncedVote = announced, Candidate = candidate, Checksum = checksum, Votes = votes };
        bool announceNow = false;
        bool warning = false;

        bool report = false;
        if (votes > 0 && votes >= quorum)
        {
            report = state.ReportedQuorum != (candidate, checksum);
            next = next with
            {
                ReportedQuorum = (candidate, checksum),
                Verdict = RoundVerdict.Quorate,
                LastQuorate = now.Monotonic,
                LordScroll = Fitting(LordScrollOf(candidate, membership, state, ownScroll, selfIsCandidate), lordScrollMaxSize),
            };
            if (!state.Joined)
            {
                events.Add(LegionEvent.Join);
                next = next with { Joined = true };
            }
            if (selfIsCandidate && !state.IsLord)
            {
                events.Add(LegionEvent.Lord);
                next = next with { LordSince = Math.Max(1, now.UnixSeconds) };
                announceNow = true;
            }
            else if (!selfIsCandidate && state.IsLord)
            {
                events.Add(LegionEvent.Unlord);
                next = next with { LordSince = 0 };
            }
        }
        else if (votes > 0)
        {
            next = next with { Verdict = RoundVerdict.NoQuorum };
            if (state.LastNoQuorumWarning is not { } last || now.Monotonic - last >= NoQuorumWarningInterval)
            {
                warning = true;
                next = next with { LastNoQuorumWarning = now.Monotonic };
            }
            if (state.IsLord)
            {
                events.Add(LegionEvent.Unlord);
                next = next with { LordSince = 0 };
            }
        }
        else
        {
            next = next with { Verdict = RoundVerdict.Disagreement };
            if (state.IsLord && lordLease is { } lease && now.Monotonic - (state.LastQuorate ?? TimeSpan.Zero) > lease)
            {
                events.Add(LegionEvent.Unlord);
                next = next with { LordSince = 0 };
            }
        }

        return new ElectionOutcome(next, events, announceNow, report, warning);
    }

    /// <summary>
    /// Suspends this node until <paramref name="until"/> after a failed <c>lord</c> action
    /// (<c>legion-death-on-lord-error</c>): it stops being Lord without an <c>unlord</c> event,
    /// as uWSGI, which never completes the lord transition in that case.
    /// </summary>
    public static ElectionState Suspend(ElectionState state, DateTimeOffset until) =>
        state with { SuspendedUntil = until, LordSince = 0 };

    private static ReadOnlyMemory<byte>? Fitting(ReadOnlyMemory<byte>? scroll, int maxSize) =>
        scroll is { Length: > 0 } bytes && bytes.Length <= maxSize ? bytes : (ReadOnlyMemory<byte>?)null;

    private static ReadOnlyMemory<byte>? LordScrollOf(
        Vote candidate, Membership membership, ElectionState state, ReadOnlyMemory<byte>? ownScroll, bool selfIsCandidate)
    {
        if (selfIsCandidate)
        {
            return ownScroll;
        }
        if (candidate.IsNone)
        {
            return state.LordScroll;
        }
        // A member candidate is the table's strongest member (the first of equals, as a scan in join order finds).
        var lord = membership.Strongest is { } strongest && strongest.Valor == candidate.Valor && strongest.Uuid == candidate.Uuid
            ? strongest
            : membership.Members.FirstOrDefault(m => m.Valor == candidate.Valor && m.Uuid == candidate.Uuid);
        return lord?.Scroll;
    }
}
