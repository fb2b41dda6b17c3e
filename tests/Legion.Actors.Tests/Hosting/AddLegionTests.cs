using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Hosting;

/// <summary><c>services.AddLegion(...)</c> in a real generic host.</summary>
public sealed class AddLegionTests(ITestOutputHelper output)
{
    private static Dictionary<string, string?> Section(int port, string valor = "90", string legion = "web") => new()
    {
        ["Legion:Frequency"] = "200ms",
        ["Legion:Tolerance"] = "1s",
        ["Legion:Legions:0:Name"] = legion,
        ["Legion:Legions:0:Address"] = $"127.0.0.1:{port}",
        ["Legion:Legions:0:Valor"] = valor,
        ["Legion:Legions:0:Cipher"] = "aes-128-cbc",
        ["Legion:Legions:0:Secret"] = "topsecret",
    };

    private HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(new XunitLoggerProvider(output));
        return builder;
    }

    [Fact]
    public async Task A_configuration_section_runs_a_node_whose_lord_only_service_starts_on_lordship_and_stops_on_step_down()
    {
        var builder = Builder(Section(LoopbackLegion.Ports(1)[0].Port));
        builder.Services.AddLegion(builder.Configuration.GetSection("Legion"));
        builder.Services.AddSingleton<Reigns>();
        builder.Services.AddHostedService<CountingLordService>();
        builder.Services.AddHealthChecks().AddCheck<LegionHealthCheck>("legion");
        using var host = builder.Build();

        await host.StartAsync();
        var legion = host.Services.GetRequiredService<ILegion>();
        var reigns = host.Services.GetRequiredService<Reigns>();
        await legion.WaitForLordshipAsync().WaitAsync(LoopbackLegion.Patience);
        await reigns.Started.Task.WaitAsync(LoopbackLegion.Patience);

        Assert.True(host.Services.GetRequiredService<ILegionRegistry>().IAmTheLord("web"));
        Assert.Same(legion, host.Services.GetRequiredKeyedService<ILegion>("web"));
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);

        var outcome = await legion.StepDownAsync(TimeSpan.FromSeconds(30), force: true);
        Assert.True(outcome.Accepted, outcome.Message);
        await reigns.Stopped.Task.WaitAsync(LoopbackLegion.Patience);
        Assert.False(legion.IsLord);

        await host.StopAsync();
        Assert.False(legion.IsRunning);
    }

    [Fact]
    public void A_malformed_value_is_refused_at_once_with_the_same_message_as_the_host()
    {
        var settings = Section(4999, valor: "lots");
        var builder = Builder(settings);
        var direct = Assert.Throws<LegionConfigurationException>(() => LegionConfiguration.FromConfiguration(builder.Configuration.GetSection("Legion")));

        var error = Assert.Throws<LegionConfigurationException>(() => builder.Services.AddLegion(builder.Configuration.GetSection("Legion")));

        Assert.Equal(direct.Message, error.Message);
        Assert.Contains("Legion:Legions:0:Valor", error.Message);
        Assert.DoesNotContain("topsecret", error.Message);
    }

    [Fact]
    public void An_option_the_host_refuses_is_refused_here_too()
    {
        var settings = Section(4999);
        settings["Legion:Uwsgi:legion-cron"] = "web 61 -1 -1 -1 -1 true";
        var builder = Builder(settings);

        var error = Assert.Throws<LegionConfigurationException>(() => builder.Services.AddLegion(builder.Configuration.GetSection("Legion")));

        Assert.Contains("legion-cron: the minute field 61 is out of range", error.Message);
    }

    [Fact]
    public void Options_from_code_naming_an_unknown_action_kind_are_refused()
    {
        var options = LoopbackLegion.Options("web", LoopbackLegion.Ports(1)[0], [], 90,
            actions: [new LegionActionSpec(Legion.Actors.Model.LegionEvent.Lord, "signalx", "3")]);

        var error = Assert.Throws<LegionConfigurationException>(() => new ServiceCollection().AddLegion(options));

        Assert.Contains("unknown action kind 'signalx'", error.Message);
    }

    [Fact]
    public void A_second_AddLegion_is_an_error()
    {
        var services = new ServiceCollection();
        var options = LoopbackLegion.Options("web", LoopbackLegion.Ports(1)[0], [], 90);
        services.AddLegion(options);

        Assert.Throws<InvalidOperationException>(() => services.AddLegion(options));
    }

    /// <summary>Records each reign of <see cref="CountingLordService"/>.</summary>
    private sealed class Reigns
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class CountingLordService(ILegion legion, Reigns reigns, ILogger<CountingLordService> logger)
        : LordOnlyBackgroundService(legion, logger)
    {
        protected override async Task ExecuteAsync(CancellationToken lordshipToken)
        {
            reigns.Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, lordshipToken);
            }
            finally
            {
                reigns.Stopped.TrySetResult();
            }
        }
    }
}
