namespace Legion.Actors.Configuration;

/// <summary>
/// What the configuration parsers return: the validated options and the warnings worth showing an operator
/// (ignored uWSGI options, options recognised but not supported yet, risky but legal values). Warnings are
/// plain lines with secrets masked; the caller logs them.
/// </summary>
/// <param name="Options">The options, every value validated.</param>
/// <param name="Warnings">Warnings in the order they were found; empty when there is nothing to say.</param>
public sealed record LegionConfigurationResult(LegionOptions Options, IReadOnlyList<string> Warnings);
