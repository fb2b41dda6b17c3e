using Legion.Actors.Runtime;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Health;
using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Health;

/// <summary>The <c>health</c> actor with the real runner, in real time: a command over its timeout is killed.</summary>
public sealed class HealthActorRealCommandTests : LegionActorTestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public HealthActorRealCommandTests(Xunit.Abstractions.ITestOutputHelper output)
        : base(virtualTime: false, loggerFactory: new XunitLoggerFactory(output))
    {
    }

    [Fact]
    public async Task A_real_command_over_its_timeout_fails_the_check_and_is_killed_then_a_passing_one_recovers_it()
    {
        using var dir = new Configuration.TempDirectory();
        var pidFile = Path.Combine(dir.Path, "check.pid");
        var okFile = Path.Combine(dir.Path, "ok");
        // Sleeps for ever until the ok file exists; the pid written is the sleep's (exec keeps the shell's pid).
        var check = $"name=slow interval=1s timeout=300ms rise=1 fall=1 cmd:test -e {okFile} || {{ echo $$ > {pidFile}; exec sleep 300; }}";
        var settings = new LegionSettings
        {
            Definition = new LegionDefinition
            {
                Name = "web", Address = NodeAddress.Udp("127.0.0.1", 4242), Valor = 90, Cipher = "aes-128-cbc", Secret = "s3cret",
                HealthChecks = [LegionHealthCheckSpec.Parse(check)],
            },
            Self = new NodeIdentity("a", 1, 90, Model.ModelFixtures.Uuid(1)),
            Cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null),
        };
        Sys.ActorOfStarted(HealthActor.Props(settings, TestActor, HealthCheckRunner.Default), "health");

        var failing = FishForMessage<HealthReport>(r => r.Transition is { } t && t.Check.IsFailing, Patience).Transition!.Check;
        Assert.Equal("timed out after 300ms", failing.LastResult!.Detail);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.Until("the timed-out command is killed", _ => Task.FromResult(ProcessState.IsRunning(pid)), running => !running, Patience,
            () => $"pid {pid} still runs");

        File.WriteAllText(okFile, "");
        var healthy = FishForMessage<HealthReport>(r => r.Transition is { } t && t.Check.State.State == HealthState.Healthy, Patience).Transition!.Check;
        Assert.Equal("exit code 0", healthy.LastResult!.Detail);
        Assert.True(healthy.FailedRuns >= 1);
    }
}
