using Legion.Actors.Configuration;

namespace Legion.Actors.Actors;

/// <summary>One Lord-only daemon as it stands (stats show it). Immutable.</summary>
/// <param name="Daemon">The daemon as configured.</param>
/// <param name="Pid">The daemon's process id while it runs; null otherwise.</param>
/// <param name="Starts">How many times this node started it (adoptions not counted).</param>
/// <param name="LastStartedAt">Wall-clock time of the last start; null if never.</param>
public sealed record LegionDaemonStatus(LegionDaemonSpec Daemon, int? Pid, int Starts, DateTimeOffset? LastStartedAt)
{
    /// <summary>True while its process runs.</summary>
    public bool Running => Pid is not null;
}
