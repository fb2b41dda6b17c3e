using Akka.Actor;
using Akka.Configuration;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Runtime;

namespace Legion.Actors.Tests.Runtime;

/// <summary>
/// The internal tunables (<c>legion.*</c>): every default of reference.conf, as Akka.NET's own modules assert theirs, a
/// system's config over them, malformed values refused by path, and each tunable reaching the code that uses it.
/// </summary>
public sealed class LegionExtensionSettingsTests
{
    [Fact]
    public void Every_default_is_the_documented_one()
    {
        var settings = LegionExtensionSettings.Default;

        Assert.Equal(30, settings.DispatcherThroughput);
        Assert.Equal(1 << 20, settings.ReceiveBufferBytes);
        Assert.Equal(4 << 20, settings.ReceiveBacklogBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.DropLogInterval);
        Assert.Equal(50, settings.ChurnLogLinesPerWindow);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.ChurnLogWindow);
        Assert.Equal(2.0, settings.WarmUpPeriods);
        Assert.Equal(1.25, settings.ClaimFencePeriods);
    }

    [Fact]
    public void The_defaults_agree_with_the_pure_cores_own()
    {
        var settings = LegionExtensionSettings.Default;

        Assert.Equal(ClaimFence.DefaultPeriods, settings.ClaimFencePeriods);
        Assert.Equal(ChurnLogBudget.DefaultPerWindow, settings.ChurnLogLinesPerWindow);
        Assert.Equal(ChurnLogBudget.DefaultWindow, settings.ChurnLogWindow);
    }

    [Fact]
    public void Every_tunable_is_in_the_reference_config()
    {
        foreach (var path in new[]
                 {
                     "legion.dispatcher.type", "legion.dispatcher.executor", "legion.dispatcher.throughput", "legion.udp.receive-buffer-size",
                     "legion.udp.receive-backlog", "legion.udp.drop-log-interval", "legion.membership.churn-log.lines-per-window",
                     "legion.membership.churn-log.window", "legion.election.warm-up-periods", "legion.election.claim-fence-periods",
                 })
        {
            Assert.True(LegionExtensionSettings.Reference.HasPath(path), path);
        }
    }

    [Fact]
    public void A_systems_config_overrides_a_default_and_keeps_the_others()
    {
        using var system = ActorSystem.Create("tunables", """
            legion.udp.receive-backlog = 8 MiB
            legion.election.claim-fence-periods = 2
            """);

        var settings = LegionExtension.Get(system).Settings;

        Assert.Equal(8 << 20, settings.ReceiveBacklogBytes);
        Assert.Equal(2.0, settings.ClaimFencePeriods);
        Assert.Equal(LegionExtensionSettings.Default with { ReceiveBacklogBytes = 8 << 20, ClaimFencePeriods = 2 }, settings);
    }

    [Theory]
    [InlineData("legion.udp.drop-log-interval = 0s", "legion.udp.drop-log-interval")]
    [InlineData("legion.udp.receive-backlog = 0", "legion.udp.receive-backlog")]
    [InlineData("legion.membership.churn-log.lines-per-window = 0", "legion.membership.churn-log.lines-per-window")]
    [InlineData("legion.election.warm-up-periods = -1", "legion.election.warm-up-periods")]
    public void A_value_out_of_range_is_refused_naming_its_path(string hocon, string path)
    {
        var error = Assert.Throws<ConfigurationException>(() => LegionExtensionSettings.Create(ConfigurationFactory.ParseString(hocon)));

        Assert.StartsWith(path + " = ", error.Message);
    }

    [Fact]
    public void The_legion_dispatcher_is_found_in_an_application_system_that_never_declared_it()
    {
        using var system = ActorSystem.Create("app", "legion.dispatcher.throughput = 7");

        _ = LegionExtension.Get(system);

        Assert.Equal(7, system.Dispatchers.Lookup(LegionDispatcher.Id).Throughput);
    }

    [Fact]
    public void Warm_up_and_claim_fence_follow_their_factors()
    {
        var tunables = LegionExtensionSettings.Default with { WarmUpPeriods = 3, ClaimFencePeriods = 0.5 };
        var legion = new LegionDefinition { Name = "web", Address = NodeAddress.Udp("127.0.0.1", 4242), Secret = "s3cret", Cipher = "aes-128-cbc", Valor = 10 };
        var options = new LegionOptions { Frequency = TimeSpan.FromSeconds(2), Legions = [legion] };

        var settings = LegionSettings.Create(options, legion, new NodeIdentity("a", 1, 10, Legion.Actors.Tests.Model.ModelFixtures.Uuid(1)), LegionActionRegistry.CreateDefault(),
            new LegionSignalBus(), LegionAlarms.None, Legion.Actors.Health.HealthCheckRunner.Default, tunables);

        Assert.Same(tunables, settings.Tunables);
        Assert.Equal(TimeSpan.FromSeconds(6), settings.WarmUp);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.ClaimFence);
    }

    [Fact]
    public void A_churn_budget_built_from_the_tunables_logs_that_many_lines_per_window()
    {
        var budget = ChurnLogBudget.Create(3, TimeSpan.FromSeconds(1));
        int logged = 0;
        for (int i = 0; i < 10; i++)
        {
            (budget, bool log, _) = budget.Take(TimeSpan.FromMilliseconds(i));
            logged += log ? 1 : 0;
        }

        Assert.Equal(3, logged);
        Assert.True(budget.Take(TimeSpan.FromSeconds(1)).Log);
    }
}
