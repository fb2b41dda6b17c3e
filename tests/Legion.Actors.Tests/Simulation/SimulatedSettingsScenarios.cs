using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>
/// A simulated node runs with the settings a real node builds from the same options (LegionSettings.Create, the one
/// place they are built): options the simulation once dropped, such as death on lord error, take effect.
/// </summary>
public sealed class SimulatedSettingsScenarios : LegionTestKit
{
    [Fact]
    public void Death_on_lord_error_suspends_a_simulated_Lord_whose_lord_action_fails_and_the_next_node_rules()
    {
        var registry = LegionActionRegistry.CreateDefault().Register(new FailingAction());
        var failing = ScenarioOptions.Fast() with
        {
            DeathOnLordError = TimeSpan.FromSeconds(30),
            EventActions = [new LegionActionSpec(LegionEvent.Lord, "fail", "")],
            Actions = _ => registry,
        };
        var a = Sim.AddNode("web", 90, failing);
        var b = Sim.AddNode("web", 10, ScenarioOptions.Fast());

        ExpectEvent(a, LegionEvent.Lord, within: TimeSpan.FromSeconds(10));
        // Suspended with a death announce: b rules at once, long before a's tolerance, and a stays out for 30 s.
        AwaitLord(b, within: TimeSpan.FromSeconds(3));
        ExpectNoEvent(a, LegionEvent.Lord, TimeSpan.FromSeconds(25));
        Assert.Equal([b], Sim.Lords("web"));
    }

    private sealed class FailingAction : ILegionAction
    {
        public string Kind => "fail";

        public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(LegionActionResult.Failure("exit code 1", 1));
    }
}
