using Legion.Fuzz;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// The fuzzer (tools/Legion.Fuzz) against a running node, at a CI-sized count: a legion of three `legion` hosts
/// on loopback, 20,000 hostile datagrams of every kind at the Lord. No node exits, the legion keeps the same
/// Lord at every check, the forged members expire and the Lord's table holds its two peers again, and the Lord
/// leaves cleanly on SIGTERM. Its figures (peak RSS, drops by reason) go to the results file; the
/// million-datagram run is the same program with <c>--count 1000000</c> (see README).
/// </summary>
[Collection(HarnessCollection.Name)]
[Trait("Category", "Harness")]
public sealed class RunningNodeFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_thousand_hostile_datagrams_leave_the_Lord_ruling_its_table_recovered_and_its_memory_bounded()
    {
        var log = new StringWriter();
        var outcome = await FuzzRun.RunAsync(new FuzzSettings
        {
            Count = 20_000,
            Rate = 3_000,
            Seed = 20_000,
            Results = Path.Combine(Path.GetDirectoryName(ReliabilityResults.FilePath)!, "fuzz-results.md"),
        }, log);

        output.WriteLine(log.ToString());
        foreach (var (figure, value) in outcome.Figures)
        {
            ReliabilityResults.Record("Hostile datagrams at a running Lord (legion-fuzz, 20,000, seed 20000)", figure, value);
        }
        Assert.Empty(outcome.Violations);
    }
}
