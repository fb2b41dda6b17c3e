using System.Diagnostics.CodeAnalysis;
using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Actors;

/// <summary>
/// The receive checks every transport applies between the wire and membership, in one place so the
/// real socket (<see cref="UdpListener"/>) and the simulated one cannot drift apart: open a datagram
/// with the legion's cipher, falling back to the next secret during a key rotation; then, in the
/// authenticated mode, drop replayed announces (<see cref="AnnounceFreshness"/>),
/// forgetting silent senders' replay state every skew tolerance. Owned by one transport actor; not
/// thread-safe.
/// </summary>
internal sealed class AnnounceAdmission(LegionSettings settings)
{
    private readonly LegionDatagramReader _reader = new(settings.Name);
    private ReplayGuard _replayGuard = ReplayGuard.Empty;
    private TimeSpan _lastHousekeeping;

    /// <summary>
    /// Opens a datagram with the cipher, or the next cipher when the first cannot open it; through one
    /// <see cref="LegionDatagramReader"/>, so that after warm-up only the announce is allocated.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out Announce? announce, out DropReason reason) =>
        _reader.TryOpen(datagram, settings.Cipher, out announce, out reason)
        || (reason is DropReason.Undecodable or DropReason.DecryptFailed or DropReason.SizeMismatch or DropReason.Malformed
            && settings.NextCipher is { } next
            && _reader.TryOpen(datagram, next, out announce, out reason));

    /// <summary>The authenticated mode's checks on an opened announce; <see cref="DropReason.None"/> to accept it.</summary>
    public DropReason Admit(Announce announce, LegionInstant now)
    {
        if (!settings.Authenticated)
        {
            return DropReason.None;
        }
        if (now.Monotonic - _lastHousekeeping > settings.SkewTolerance)
        {
            // A datagram older than the skew tolerance fails the timestamp check anyway: senders silent
            // for twice that need no replay state.
            _replayGuard = _replayGuard.Forget(now.Monotonic, 2 * settings.SkewTolerance);
            _lastHousekeeping = now.Monotonic;
        }
        (_replayGuard, var reason) = AnnounceFreshness.Check(_replayGuard, announce, now, settings.SkewTolerance);
        return reason;
    }
}
