using System.Text.Json;

namespace Legion.Actors.Tests.Interop;

/// <summary>The <c>legion</c> host as a process with uWSGI's Lord-only options, signals and alarms.</summary>
[Trait("Category", "Process")]
public sealed class LegionHostLordWorkTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("legion-host-lord-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string FileIn(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task The_host_runs_signal_handlers_alarms_and_a_Lord_only_daemon_and_stops_the_daemon_on_SIGTERM()
    {
        var legion = LoopbackPorts.FreeUdp();
        var stats = LoopbackPorts.FreeTcp();
        using var host = LegionHostProcess.Start(
        [
            "--legion", $"web {legion} 90 camellia-256-cbc:s3cret",
            "--legion-freq", "0.5", "--legion-tolerance", "2",
            "--legion-lord", "web signal:17",
            "--legion-signal-handler", $"17 cmd:echo \"$LEGION_SIGNAL $LEGION_EVENT\" > {FileIn("signal")}",
            "--legion-lord", "web alarm:pager became Lord",
            "--alarm", $"pager cmd:cat > {FileIn("alarm")}",
            "--legion-attach-daemon", $"web echo $$ > {FileIn("daemon.pid")}; exec sleep 60",
            "--unique-legion-cron", "web -1 -1 -1 -1 -1 true",
            "--stats", stats.ToString(),
        ]);

        await Eventually.Until("the signal handler and the alarm ran", _ => Task.FromResult(File.Exists(FileIn("signal")) && File.Exists(FileIn("alarm"))),
            done => done, Deadline, () => host.Output);
        Assert.Equal("17 lord", (await File.ReadAllTextAsync(FileIn("signal"))).Trim());
        Assert.Equal("became Lord", await File.ReadAllTextAsync(FileIn("alarm")));

        var daemon = await Eventually.Until("the daemon runs and the stats show it", async ct => JsonDocument.Parse((await UwsgiStats.ReadAsync(stats, ct)).Json).RootElement,
            json => json.TryGetProperty("daemons", out var d) && d[0].GetProperty("pid").GetInt32() > 0, Deadline, () => host.Output);
        int pid = daemon.GetProperty("daemons")[0].GetProperty("pid").GetInt32();
        Assert.Equal("web", daemon.GetProperty("crons")[0].GetProperty("legion").GetString());
        Assert.True(Directory.Exists($"/proc/{pid}"));

        host.Signal(Signals.SIGTERM);
        Assert.Equal(0, host.WaitForExit(Deadline));
        await Eventually.Until("the daemon is gone", _ => Task.FromResult(Directory.Exists($"/proc/{pid}")), alive => !alive, TimeSpan.FromSeconds(5), () => host.Output);
    }
}
