using Legion.Actors.Protocol;

namespace Legion.Actors.Model;

/// <summary>
/// The extra receive checks of the authenticated protocol mode, after a datagram has been verified
/// and decoded: a future-dated announce (beyond the skew tolerance) and a replayed one are dropped.
/// (Announces older than the skew tolerance are dropped by <see cref="Membership.Receive"/>, in
/// both modes, as uWSGI does.) Pure.
/// </summary>
public static class AnnounceFreshness
{
    /// <summary>Checks one authenticated announce.</summary>
    /// <param name="guard">The replay guard so far.</param>
    /// <param name="announce">The decoded announce; its sequence number is <see cref="LegionDatagram.SequenceOf"/>.</param>
    /// <param name="now">Local time of reception.</param>
    /// <param name="skewTolerance">How far the sender's clock may be ahead.</param>
    /// <returns>The guard to keep and <see cref="DropReason.None"/>, or the reason to drop it.</returns>
    public static (ReplayGuard Guard, DropReason Reason) Check(ReplayGuard guard, Announce announce, LegionInstant now, TimeSpan skewTolerance)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(announce);
        if (announce.Unix > now.UnixSeconds + (long)skewTolerance.TotalSeconds)
        {
            return (guard, DropReason.FutureDated);
        }
        if (LegionDatagram.SequenceOf(announce) is not { } sequence)
        {
            return (guard, DropReason.Malformed);
        }
        var (next, fresh) = guard.Check(announce.Uuid, sequence, now.Monotonic);
        return fresh ? (next, DropReason.None) : (guard, DropReason.Replayed);
    }
}
