using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>Runs <see cref="CodecBenchmarks"/> in process (short job) and returns its figures as a markdown table.</summary>
public static class CodecBench
{
    /// <summary>Runs the benchmarks; <paramref name="quick"/> uses a dry job (one invocation, for checking the command only).</summary>
    public static IEnumerable<string> Run(bool quick)
    {
        var job = (quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<CodecBenchmarks>(config);
        yield return "### Codec: one announce sealed and opened, per cipher (BenchmarkDotNet, ShortRun, in process)";
        yield return "";
        yield return "| cipher | seal (encode + encrypt) | allocated | open, stateless `TryOpen` | allocated | open, `LegionDatagramReader` (what a node runs) | allocated |";
        yield return "|---|---|---|---|---|---|---|";
        var byCipher = summary.Reports.GroupBy(r => (string)r.BenchmarkCase.Parameters["Cipher"]);
        foreach (var group in byCipher)
        {
            string Cell(string method, bool bytes)
            {
                var report = group.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
                if (report?.ResultStatistics is null)
                {
                    return "failed";
                }
                return bytes
                    ? $"{report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0} B"
                    : $"{report.ResultStatistics.Mean.ToString("N0", CultureInfo.InvariantCulture)} ns";
            }
            yield return $"| {group.Key} | {Cell("Seal", false)} | {Cell("Seal", true)} | {Cell("Open", false)} | {Cell("Open", true)} | {Cell("OpenReader", false)} | {Cell("OpenReader", true)} |";
        }
        yield return "";
    }
}
