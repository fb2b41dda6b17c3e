using Legion.Actors.Protocol;

namespace Legion.Actors.Model;

/// <summary>
/// The extra receive check of the authenticated protocol mode, after a datagram has been verified
/// and decoded: a replayed announce is dropped. (The timestamp window, too old or too far in the
/// future, is <see cref="Membership.Receive"/>'s, in both modes, so that a skew-dropped announce
/// can still count as <see cref="SkewEvidence"/>; a future-dated announce passes the guard unrecorded, so that a forged
/// one cannot set a bar its sender's own announces would not reach within the skew tolerance.) Pure.
/// </summary>
internal static class AnnounceFreshness
{
    /// <summary>Checks one authenticated announce.</summary>
    /// <param name="guard">The replay guard so far.</param>
    /// <param name="announce">The decoded announce; its sequence number is <see cref="LegionDatagram.SequenceOf"/>.</param>
    /// <param name="now">Local time of reception.</param>
    /// <param name="skewTolerance">
    /// The legion's skew tolerance: an announce stamped later than <c>now</c> plus this is let through unrecorded
    /// (<see cref="ReplayGuard.Check(string, ulong, long, TimeSpan, bool)"/>); null to check sequence numbers alone.
    /// </param>
    /// <returns>The guard to keep and <see cref="DropReason.None"/>, or the reason to drop it.</returns>
    public static (ReplayGuard Guard, DropReason Reason) Check(ReplayGuard guard, Announce announce, LegionInstant now, TimeSpan? skewTolerance = null)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(announce);
        if (LegionDatagram.SequenceOf(announce) is not { } sequence)
        {
            return (guard, DropReason.Malformed);
        }
        var (next, fresh) = skewTolerance is { } skew
            ? guard.Check(announce.Uuid, sequence, announce.Unix, now.Monotonic, futureDated: announce.Unix > now.UnixSeconds + (long)skew.TotalSeconds)
            : guard.Check(announce.Uuid, sequence, now.Monotonic);
        return fresh ? (next, DropReason.None) : (guard, DropReason.Replayed);
    }
}
