using Akka.Actor;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;

namespace Legion.Actors.Tests.Actors;

/// <summary>Lord-only smart daemons (<c>legion-smart-attach-daemon</c>, <c>legion-smart-attach-daemon2</c>), tracked through their pid files, with real processes.</summary>
[Trait("Category", "Process")]
public sealed class SmartDaemonActorTests : DaemonTestKit
{
    [Fact]
    public void A_smart_daemon_adopts_the_live_process_named_in_its_pid_file_instead_of_starting_another()
    {
        using var running = System.Diagnostics.Process.Start("sleep", "60");
        Track(running.Id);
        File.WriteAllText(PidFile("adopt.pid"), $"{running.Id}\n");
        var daemons = Daemons(new LegionDaemonSpec("exec sleep 60", PidFile("adopt.pid")));

        daemons.Tell(new LordshipChanged(true));
        Assert.Equal(running.Id, Started(adopted: true));

        daemons.Tell(new LordshipChanged(false));
        Assert.Equal(running.Id, ExpectMsg<LegionDaemonExited>(Within).Pid);
        Assert.True(running.WaitForExit(5000), "the adopted daemon got SIGTERM");
    }

    [Fact]
    public void A_smart_daemon_that_daemonizes_itself_is_found_through_its_pid_file_and_restarted_when_it_dies()
    {
        var pidFile = PidFile("self.pid");
        var daemons = Daemons(new LegionDaemonSpec($"sleep 60 > /dev/null 2>&1 & echo $! > {pidFile}", pidFile));
        daemons.Tell(new LordshipChanged(true));
        int first = Started();
        Assert.Equal(first, UnixProcess.ReadPidFile(pidFile));

        UnixProcess.Signal(first, UnixProcess.SIGKILL);

        Assert.Equal((first, true), (ExpectMsg<LegionDaemonExited>(Within).Pid, true));
        int second = Started();
        Assert.NotEqual(first, second);
        Assert.Equal(second, UnixProcess.ReadPidFile(pidFile));
    }

    [Fact]
    public void Smart_attach_daemon2_writes_the_pid_file_for_a_foreground_command()
    {
        var pidFile = PidFile("fg.pid");
        var daemons = Daemons(new LegionDaemonSpec("exec sleep 60", pidFile, WritePidFile: true));

        daemons.Tell(new LordshipChanged(true));
        int pid = Started();

        Assert.Equal(pid, UnixProcess.ReadPidFile(pidFile));
    }
}
