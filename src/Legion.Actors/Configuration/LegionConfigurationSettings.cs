namespace Legion.Actors.Configuration;

/// <summary>
/// What the configuration parsers need from their host beyond the configuration itself. The defaults suit a
/// real process; tests replace the environment.
/// </summary>
public sealed record LegionConfigurationSettings
{
    /// <summary>The settings used when none are given.</summary>
    public static LegionConfigurationSettings Default { get; } = new();

    /// <summary>
    /// Action kinds accepted in <c>legion-&lt;event&gt; = NAME KIND:ARGUMENT</c>; anything else is an error that
    /// lists these. Default <see cref="LegionActionKinds.Default"/>. A host that registers more kinds passes the
    /// full list. Compared case-sensitively.
    /// </summary>
    public IReadOnlyCollection<string> ActionKinds { get; init; } = LegionActionKinds.Default;

    /// <summary>
    /// Alarm kinds accepted in <c>alarm = NAME KIND:ARGUMENT</c>; anything else is an error that lists these. Default
    /// <see cref="LegionActionKinds.AlarmKinds"/>. Compared case-sensitively.
    /// </summary>
    public IReadOnlyCollection<string> AlarmKinds { get; init; } = LegionActionKinds.AlarmKinds;

    /// <summary>
    /// Looks up an environment variable for uWSGI's <c>$(NAME)</c> placeholders; returns null when it is not set
    /// (the placeholder is then kept as written, as uWSGI 2.0 does). Default
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>.
    /// </summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
