using System.Globalization;
using System.Text;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// The figures the harness measures (outages, failover times, drops...), written to
/// <c>artifacts/reliability-results.md</c> at the repository root as each test records them, so a run leaves
/// one readable file. Tests never assert on these times: they are measured and printed.
/// </summary>
internal static class ReliabilityResults
{
    private static readonly Lock Gate = new();
    private static readonly List<(string Scenario, string Figure, string Value)> Rows = [];
    private static readonly DateTime StartedAt = DateTime.UtcNow;

    public static string FilePath { get; } = Path.Combine(RepositoryRoot(), "artifacts", "reliability-results.md");

    /// <summary>Records one figure of a scenario and rewrites the file.</summary>
    public static void Record(string scenario, string figure, string value)
    {
        lock (Gate)
        {
            Rows.RemoveAll(r => r.Scenario == scenario && r.Figure == figure);
            Rows.Add((scenario, figure, value));
            Write();
        }
    }

    public static void Record(string scenario, string figure, TimeSpan value) => Record(scenario, figure, Seconds(value));

    public static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.00} s");

    private static void Write()
    {
        var md = new StringBuilder();
        md.AppendLine("# Reliability harness results").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by the harness tests (tests/Legion.Actors.Tests/Harness) of the run started {StartedAt:yyyy-MM-dd HH:mm:ss} UTC, " +
            $"on {Environment.ProcessorCount} cores, {Environment.OSVersion}. Times are measured on real processes in network namespaces; no test asserts on them.");
        foreach (var scenario in Rows.Select(r => r.Scenario).Distinct())
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {scenario}").AppendLine().AppendLine("| figure | value |").AppendLine("|---|---|");
            foreach (var row in Rows.Where(r => r.Scenario == scenario))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Figure} | {row.Value} |");
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, md.ToString());
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Legion.Actors.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? AppContext.BaseDirectory;
    }
}
