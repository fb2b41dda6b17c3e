namespace Legion.Actors.Configuration;

/// <summary>
/// Everything one process needs to run its legions: the legions themselves and the tunables
/// that uWSGI applies to all legions of a process. Immutable; build it with the parsers in this
/// namespace (uWSGI options, uWSGI ini, <c>IConfiguration</c>), which validate every value.
/// </summary>
public sealed record LegionOptions
{
    /// <summary>uWSGI's documented default for <see cref="Frequency"/>: 3 s.</summary>
    public static readonly TimeSpan DefaultFrequency = TimeSpan.FromSeconds(3);

    /// <summary>uWSGI's documented default for <see cref="Tolerance"/>: 15 s.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(15);

    /// <summary>uWSGI's documented default for <see cref="SkewTolerance"/>: 30 s (uWSGI 2.0's code uses 60 s when unset).</summary>
    public static readonly TimeSpan DefaultSkewTolerance = TimeSpan.FromSeconds(30);

    /// <summary>Default for <see cref="ActionTimeout"/>: 60 s.</summary>
    public static readonly TimeSpan DefaultActionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The legions this process belongs to, in declaration order. Names are unique.</summary>
    public IReadOnlyList<LegionDefinition> Legions { get; init; } = [];

    /// <summary>
    /// Interval between announces. Default 3 s; whole seconds, at least 1 s.
    /// uWSGI option <c>legion-freq</c> (applies to every legion of the process).
    /// </summary>
    public TimeSpan Frequency { get; init; } = DefaultFrequency;

    /// <summary>
    /// A member not heard from for longer than this is removed (node-left). Default 15 s;
    /// whole seconds, at least 1 s. uWSGI option <c>legion-tolerance</c>.
    /// </summary>
    public TimeSpan Tolerance { get; init; } = DefaultTolerance;

    /// <summary>
    /// Announces whose <c>unix</c> timestamp is older than now minus this are dropped. Default 30 s;
    /// whole seconds, at least 1 s. uWSGI option <c>legion-skew-tolerance</c>.
    /// </summary>
    public TimeSpan SkewTolerance { get; init; } = DefaultSkewTolerance;

    /// <summary>
    /// Longest time one action may run before it is killed and counted as a failure. Default 60 s.
    /// Extension option <c>legion-action-timeout</c> (uWSGI waits for ever).
    /// </summary>
    public TimeSpan ActionTimeout { get; init; } = DefaultActionTimeout;

    /// <summary>
    /// Address of the uWSGI-compatible stats server (<c>HOST:PORT</c>, TCP), or null for none.
    /// uWSGI option <c>stats</c>.
    /// </summary>
    public string? StatsAddress { get; init; }
}
