using Legion.Actors.Configuration;
using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;
using Legion.Actors.Tests.Health;

namespace Legion.Actors.Tests.Simulation;

/// <summary>
/// Health-driven valor in the deterministic simulation: the legion's invariants (one Lord once settled, lord and
/// unlord alternating, ...) hold while health checks move lordship, and the run replays from its seed.
/// </summary>
public sealed class HealthScenarios : LegionTestKit
{
    private const string Service = "service";
    private readonly Dictionary<string, ScriptedHealthRunner> _runners = [];

    private ScriptedHealthRunner RunnerOf(SimulatedNode node) =>
        _runners.TryGetValue(node.Name, out var runner) ? runner : _runners[node.Name] = new ScriptedHealthRunner();

    private SimulatedNodeOptions Options(string check) => ScenarioOptions.Fast(quorum: 2) with
    {
        HealthChecks = [LegionHealthCheckSpec.Parse($"name={Service} interval=1s timeout=500ms {check} cmd:service-ok")],
        HealthRunner = RunnerOf,
    };

    [Fact]
    public void A_Lord_failing_its_check_is_replaced_by_the_best_healthy_node_and_rules_again_once_healthy()
    {
        var a = Sim.AddNode("web", 90, Options("penalty=60"));
        var b = Sim.AddNode("web", 50, Options("penalty=60"));
        var c = Sim.AddNode("web", 10, Options("penalty=60"));
        AwaitLord(a);

        RunnerOf(a).Set(Service, ScriptedOutcome.Fail);
        ExpectEvent(a, LegionEvent.Unlord);
        AwaitLord(b);
        Assert.Equal(30UL, a.Identity.Valor);
        Sim.RunFor(Sim.SettleTime("web") + TimeSpan.FromSeconds(30)); // settled with a failing check: still b, one Lord

        RunnerOf(a).Set(Service, ScriptedOutcome.Pass);
        AwaitLord(a);
        Sim.RunFor(Sim.SettleTime("web") + TimeSpan.FromSeconds(30));
        AssertSingleLord("web");
        Assert.Equal(90UL, a.Identity.Valor);
        Assert.All(new[] { a, b, c }, n => Assert.Equal(SimulatedNodeState.Running, n.State)); // no identity change read as an exit
    }

    [Fact]
    public void When_every_node_fails_an_ineligible_check_nobody_rules_and_when_they_fail_a_penalty_check_the_best_still_does()
    {
        var ineligible = new[] { Sim.AddNode("web", 90, Options("ineligible")), Sim.AddNode("web", 50, Options("ineligible")) };
        AwaitLord(ineligible[0]);
        foreach (var node in ineligible)
        {
            RunnerOf(node).Set(Service, ScriptedOutcome.Fail);
        }
        ExpectEvent(ineligible[0], LegionEvent.Unlord);
        Sim.RunFor(Sim.SettleTime("web") + TimeSpan.FromSeconds(30));
        AssertNoLord("web"); // two arbiters: quorate, but no candidate

        var penalised = new[] { Sim.AddNode("api", 90, Options("penalty=200")), Sim.AddNode("api", 50, Options("penalty=200")) };
        AwaitLord(penalised[0]);
        foreach (var node in penalised)
        {
            RunnerOf(node).Set(Service, ScriptedOutcome.Fail);
        }
        Sim.RunFor(Sim.SettleTime("api") + TimeSpan.FromSeconds(30));
        Assert.Equal([1UL, 1UL], penalised.Select(n => n.Identity.Valor)); // both floored at 1, still eligible
        Assert.NotNull(AssertSingleLord("api"));
    }

    [Fact]
    public void A_run_with_flapping_health_replays_exactly_from_its_seed()
    {
        Assert.Equal(Flapping(Seed), Flapping(Seed));
    }

    private static string Flapping(int seed)
    {
        var runners = new Dictionary<string, ScriptedHealthRunner>();
        ScriptedHealthRunner Of(SimulatedNode node) => runners.TryGetValue(node.Name, out var r) ? r : runners[node.Name] = new ScriptedHealthRunner();
        var options = ScenarioOptions.Fast() with
        {
            HealthChecks = [LegionHealthCheckSpec.Parse($"name={Service} interval=700ms timeout=300ms penalty=45 rise=1 fall=1 cmd:x")],
            HealthRunner = Of,
        };
        using var sim = new LegionSimulation(seed);
        var a = sim.AddNode("web", 90, options);
        sim.AddNode("web", 50, options);
        var random = new Random(seed);
        for (int i = 0; i < 20; i++)
        {
            Of(a).Set(Service, random.Next(3) switch { 0 => ScriptedOutcome.Fail, 1 => ScriptedOutcome.Hang, _ => ScriptedOutcome.Pass });
            sim.RunFor(TimeSpan.FromSeconds(random.Next(1, 6)));
        }
        Assert.Contains(sim.Trace.Entries, e => e.Text.Contains("valor 90->45", StringComparison.Ordinal));
        return sim.Trace.Hash;
    }
}
