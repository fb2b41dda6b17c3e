namespace Legion.Actors.Configuration;

/// <summary>
/// The raw result of reading uWSGI-style configuration: every option in the order uWSGI would apply it, plus
/// the warnings found while reading (never logged here; the caller decides).
/// </summary>
/// <param name="Entries">Options in application order (an <c>--ini</c> file's entries sit where the option was).</param>
/// <param name="Warnings">Human-readable warnings, one line each, with secrets masked.</param>
/// <param name="Origin">What was read, for messages that concern the whole input: <c>the command line</c> or a file path.</param>
public sealed record UwsgiEntries(IReadOnlyList<UwsgiEntry> Entries, IReadOnlyList<string> Warnings, string Origin)
{
    /// <summary>
    /// Why an ini file gave nothing (its asked section missing, a header without its <c>]</c>), naming the file or line:
    /// the error <see cref="LegionOptions.Validate"/> gives instead of a bare "no legion declared" when no legion is.
    /// </summary>
    internal IReadOnlyList<LegionConfigurationException> SectionProblems { get; init; } = [];
}
