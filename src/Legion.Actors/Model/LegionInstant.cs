namespace Legion.Actors.Model;

/// <summary>
/// "Now" as the model sees it, passed in by the caller (the model never reads a clock).
/// </summary>
/// <param name="Wall">Wall-clock time: announces' <c>unix</c> and <c>lord</c> fields, the skew check.</param>
/// <param name="Monotonic">
/// Monotonic elapsed time since an arbitrary origin: last-seen and expiry, so that a wall-clock
/// jump never expires (or keeps) members. uWSGI uses the wall clock here; this is deliberate.
/// </param>
public readonly record struct LegionInstant(DateTimeOffset Wall, TimeSpan Monotonic)
{
    /// <summary>The wall clock in whole unix seconds, as uWSGI's <c>uwsgi_now()</c>.</summary>
    public long UnixSeconds => Wall.ToUnixTimeSeconds();

    /// <summary>Reads both clocks of a <see cref="TimeProvider"/>.</summary>
    public static LegionInstant From(TimeProvider time) =>
        new(time.GetUtcNow(), TimeSpan.FromSeconds(time.GetTimestamp() / (double)time.TimestampFrequency));
}
