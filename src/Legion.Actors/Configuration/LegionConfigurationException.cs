namespace Legion.Actors.Configuration;

/// <summary>
/// A configuration value is malformed or inconsistent. The message names where it came from
/// (<c>file:line</c> or <c>--option</c>), the offending value (with any secret masked) and what was
/// expected. Nothing is started when this is thrown.
/// </summary>
public sealed class LegionConfigurationException : Exception
{
    /// <summary>Creates the exception; the message is <c>SOURCE: PROBLEM (got 'VALUE'; expected EXPECTED)</c>.</summary>
    /// <param name="source">Where the value came from: <c>file:line</c>, <c>--option</c> or a configuration path.</param>
    /// <param name="problem">What is wrong, in a few words.</param>
    /// <param name="value">The offending value, already masked if it held a secret; null when there is none.</param>
    /// <param name="expected">What would have been accepted.</param>
    public LegionConfigurationException(string source, string problem, string? value, string expected)
        : base(Format(source, problem, value, expected))
    {
        SourceName = source;
        Problem = problem;
        Value = value;
        Expected = expected;
    }

    /// <summary>Where the value came from (<c>file:line</c>, <c>--option</c>, configuration path).</summary>
    public string SourceName { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>The offending value (secrets masked), or null.</summary>
    public string? Value { get; }

    /// <summary>What would have been accepted.</summary>
    public string Expected { get; }

    private static string Format(string source, string problem, string? value, string expected) =>
        value is null
            ? $"{source}: {problem} (expected {expected})"
            : $"{source}: {problem} (got '{value}'; expected {expected})";
}
