namespace Legion.Actors.Model;

/// <summary>
/// The claim fence, an extension to uWSGI 2.0's election (uWSGI claims at once): with a quorum
/// (<c>legion-quorum</c> of 2 or more), a node whose Lord went silent claims no lordship until
/// <see cref="Duration"/> after that Lord's tolerance ran out. Why: a Lord cut off from its quorum steps down a
/// tolerance after the last announce it heard from its quorum (members expire exactly then); that announce can be up to
/// one period younger than the Lord's last announce this side heard. Without the fence the majority's new Lord can rule
/// up to a period before the cut-off Lord steps down: two Lords at once, what the quorum exists to prevent. No fence
/// after a death announce (the Lord has stepped down already), nor without quorum (a cut-off Lord then never steps
/// down: the documented split brain). The fence never unseats a sitting Lord. Assumes heartbeats go out on time and
/// clocks run at the same rate; a Lord paused for longer than the margin can still overlap until it resumes.
/// Pure: time comes in as an argument.
/// </summary>
internal static class ClaimFence
{
    /// <summary>
    /// The fence's length in announce periods unless the system's config says otherwise
    /// (<c>legion.election.claim-fence-periods</c>): one frequency and a quarter (the period by which the cut-off Lord's
    /// last news of its quorum can be younger, plus a quarter for delivery and timer lag).
    /// </summary>
    public const double DefaultPeriods = 1.25;

    /// <summary>How long past the silent Lord's tolerance the fence lasts: <paramref name="periods"/> frequencies.</summary>
    /// <param name="frequency">The legion's <c>legion-freq</c>.</param>
    /// <param name="periods">The fence in announce periods (&gt; 0); default <see cref="DefaultPeriods"/>.</param>
    public static TimeSpan Duration(TimeSpan frequency, double periods = DefaultPeriods) => frequency * periods;

    /// <summary>
    /// The end of the fence set by a member that expired (went silent for the tolerance; not a death announce), in the
    /// local monotonic time of <see cref="Member.LastSeen"/>; null when it sets none: no quorum of 2 or more, or the
    /// member neither announced itself Lord nor was the candidate this node counted votes for (it may have risen in a
    /// round whose announce never got here).
    /// </summary>
    /// <param name="left">The member that expired.</param>
    /// <param name="candidate">The candidate of this node's last round, before the member left.</param>
    /// <param name="quorum">The legion's <c>legion-quorum</c>.</param>
    /// <param name="tolerance">The legion's <c>legion-tolerance</c>.</param>
    /// <param name="fence">The fence's length past the tolerance (<see cref="Duration"/> of the legion's frequency).</param>
    public static TimeSpan? After(Member left, Vote candidate, int quorum, TimeSpan tolerance, TimeSpan fence)
    {
        ArgumentNullException.ThrowIfNull(left);
        bool mayRule = left.LordSince != 0 || (left.Valor == candidate.Valor && left.Uuid == candidate.Uuid);
        return mayRule && quorum >= 2 ? left.LastSeen + tolerance + fence : null;
    }

    /// <summary>True when the fence keeps this node from claiming lordship now (never when it is Lord already).</summary>
    /// <param name="until">The latest fence's end, or null.</param>
    /// <param name="now">Local monotonic time.</param>
    /// <param name="isLord">Whether this node is Lord.</param>
    public static bool Holds(TimeSpan? until, TimeSpan now, bool isLord) => !isLord && until is { } end && now < end;
}
