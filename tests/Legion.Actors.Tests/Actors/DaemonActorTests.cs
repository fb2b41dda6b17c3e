using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Actors;

/// <summary>Real-time test kit for the daemon actors: a <c>daemons</c> actor, its events, a temporary directory, and cleanup of every pid seen.</summary>
public abstract class DaemonTestKit : LegionActorTestKit, IDisposable
{
    protected static new readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("legion-daemons-").FullName;
    private readonly List<int> _pids = [];

    protected DaemonTestKit()
        : base(virtualTime: false)
    {
        Sys.EventStream.Subscribe(TestActor, typeof(LegionDaemonStarted));
        Sys.EventStream.Subscribe(TestActor, typeof(LegionDaemonExited));
    }

    void IDisposable.Dispose()
    {
        Dispose();
        foreach (var pid in _pids.Where(UnixProcess.IsAlive))
        {
            UnixProcess.Signal(pid, UnixProcess.SIGKILL);
        }
        Directory.Delete(_directory, recursive: true);
    }

    protected IActorRef Daemons(params LegionDaemonSpec[] daemons)
    {
        var settings = new LegionSettings
        {
            Definition = new LegionDefinition
            {
                Name = "web",
                Address = NodeAddress.Udp("127.0.0.1", 4242),
                Valor = 90,
                Cipher = "aes-128-cbc",
                Secret = "s3cret",
                Daemons = daemons,
            },
            Self = new NodeIdentity("host", 1, 90, Model.ModelFixtures.Uuid(1)),
            Cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null),
        };
        return Sys.ActorOfStarted(DaemonsActor.Props(settings), "daemons");
    }

    protected int Started(bool adopted = false)
    {
        var started = ExpectMsg<LegionDaemonStarted>(Within);
        Assert.Equal(adopted, started.Adopted);
        _pids.Add(started.Pid);
        return started.Pid;
    }

    protected void Track(int pid) => _pids.Add(pid);

    protected string PidFile(string name) => Path.Combine(_directory, name);
}

/// <summary>
/// Lord-only daemons (<c>legion-attach-daemon</c>) with real processes, driven by <see cref="LordshipChanged"/> as the
/// supervisor sends it, in real time (daemon checks run once a second, as uWSGI's master cycle).
/// </summary>
[Trait("Category", "Process")]
public sealed class DaemonActorTests : DaemonTestKit
{
    [Fact]
    public void A_daemon_starts_when_the_node_may_do_Lord_only_work_and_gets_SIGTERM_when_it_may_not()
    {
        var daemons = Daemons(new LegionDaemonSpec("exec sleep 60"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        daemons.Tell(new LordshipChanged(true));
        int pid = Started();
        Assert.True(UnixProcess.IsAlive(pid));

        daemons.Tell(new LordshipChanged(false));
        var exited = ExpectMsg<LegionDaemonExited>(Within);
        Assert.Equal((pid, false), (exited.Pid, exited.WhileLord));
        Assert.False(UnixProcess.IsAlive(pid));
        ExpectNoMsg(TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void A_daemon_that_dies_while_Lord_is_started_again()
    {
        var daemons = Daemons(new LegionDaemonSpec("exec sleep 60"));
        daemons.Tell(new LordshipChanged(true));
        int first = Started();

        UnixProcess.Signal(first, UnixProcess.SIGKILL);

        Assert.True(ExpectMsg<LegionDaemonExited>(Within).WhileLord);
        int second = Started();
        Assert.NotEqual(first, second);
        Assert.True(UnixProcess.IsAlive(second));
    }

    [Fact]
    public void A_daemon_still_stopping_is_never_joined_by_a_second_copy_when_lordship_returns()
    {
        // It takes a second to stop after SIGTERM (once its trap is set: it says so in a file).
        var ready = PidFile("trap-set");
        var daemons = Daemons(new LegionDaemonSpec($"trap 'sleep 1; exit 0' TERM; touch {ready}; while :; do sleep 0.1; done"));
        daemons.Tell(new LordshipChanged(true));
        int first = Started();
        for (int i = 0; i < 500 && !File.Exists(ready); i++)
        {
            Thread.Sleep(10);
        }

        daemons.Tell(new LordshipChanged(false));
        daemons.Tell(new LordshipChanged(true));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.True(UnixProcess.IsAlive(first), "the first copy is still stopping");

        var exited = ExpectMsg<LegionDaemonExited>(Within);
        Assert.Equal(first, exited.Pid);
        int second = Started();
        Assert.False(UnixProcess.IsAlive(first));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Stopping_the_legion_stops_its_daemons()
    {
        var daemons = Daemons(new LegionDaemonSpec("exec sleep 60"), new LegionDaemonSpec("exec sleep 61"));
        daemons.Tell(new LordshipChanged(true));
        int[] pids = [Started(), Started()];

        Watch(daemons);
        StopNow(daemons);
        ExpectMsg<Terminated>(Within);

        Assert.All(pids, pid => Assert.False(UnixProcess.IsAlive(pid)));
    }
}
