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

    [Theory]
    [InlineData("--legion-attach-daemon", "daemon.pid")]   // Lord-only work started after the lord actions
    [InlineData("--legion-lord", "lord.pid")]              // a lord action still running
    public async Task A_SIGKILLed_Lord_leaves_no_child_running(string option, string pidFile)
    {
        var legion = LoopbackPorts.FreeUdp();
        string command = option == "--legion-lord" ? "cmd:" : "";
        using var host = LegionHostProcess.Start(
        [
            "--legion", $"web {legion} 90 aes-128-cbc:s3cret", "--legion-freq", "0.5", "--legion-tolerance", "2",
            option, $"web {command}echo $$ > {FileIn(pidFile)}; exec sleep 60",
        ]);
        int child = await PidIn(pidFile, host);

        host.Signal(Signals.SIGKILL);
        host.WaitForExit(Deadline);

        await Eventually.Until("the child is gone", _ => Task.FromResult(Directory.Exists($"/proc/{child}")), alive => !alive, TimeSpan.FromSeconds(10), () => host.Output);
    }

    [Fact]
    public async Task SIGHUP_leaves_the_legion_as_SIGTERM_does_death_actions_daemon_stopped_exit_0()
    {
        var legion = LoopbackPorts.FreeUdp();
        using var host = LegionHostProcess.Start(
        [
            "--legion", $"web {legion} 90 aes-128-cbc:s3cret", "--legion-freq", "0.5", "--legion-tolerance", "2",
            "--legion-attach-daemon", $"web echo $$ > {FileIn("daemon.pid")}; exec sleep 60",
            "--legion-death", $"web cmd:echo bye > {FileIn("death")}",
        ]);
        int daemon = await PidIn("daemon.pid", host);

        host.Signal(Signals.SIGHUP);

        Assert.Equal(0, host.WaitForExit(Deadline));
        Assert.Equal("bye", (await File.ReadAllTextAsync(FileIn("death"))).Trim());
        Assert.Contains(host.Lines, l => l.Contains("Received SIGHUP: leaving every legion", StringComparison.Ordinal));
        Assert.False(Directory.Exists($"/proc/{daemon}"));
    }

    /// <summary>The pid a child wrote to <paramref name="file"/> once it runs.</summary>
    private async Task<int> PidIn(string file, ChildProcess host)
    {
        var text = await Eventually.Until($"{file} is written", _ => Task.FromResult(File.Exists(FileIn(file)) ? File.ReadAllText(FileIn(file)) : ""),
            t => t.EndsWith('\n'), Deadline, () => host.Output);
        int pid = int.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{pid}"));
        return pid;
    }
}
