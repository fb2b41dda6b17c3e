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

    /// <summary>
    /// Issue 12 item 4: an insider floods every node with announces from new uuids, each far older or newer than
    /// the skew tolerance, 20,000 in about half a second. The Lord keeps ruling, no peer rises, and the tables heal.
    /// </summary>
    [Fact]
    public async Task Twenty_thousand_skewed_announces_from_new_uuids_at_every_node_leave_the_Lord_ruling()
    {
        var log = new StringWriter();
        var outcome = await FuzzRun.RunAsync(new FuzzSettings
        {
            Count = 20_000,
            Rate = 40_000,
            Seed = 12,
            Kinds = [HostileKind.Skewed],
            AllNodes = true,
            PollVictimSeconds = 1,
            Results = Path.Combine(Path.GetDirectoryName(ReliabilityResults.FilePath)!, "fuzz-skewed-flood-results.md"),
        }, log);

        output.WriteLine(log.ToString());
        Assert.Empty(outcome.Violations);
    }
}
