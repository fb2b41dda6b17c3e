using Akka.Actor;
using Akka.Coordination;
using Akka.Event;
using Legion.Actors.Actors;
using Legion.Actors.Hosting;
using Legion.Actors.Runtime;

namespace Legion.Actors.Coordination;

/// <summary>
/// The actor behind one <see cref="LegionLease"/>: follows whether this node does the Lord-only work of one legion of
/// its system and answers <see cref="AcquireLease"/> and <see cref="ReleaseLease"/> from that. States:
/// <list type="bullet">
/// <item><see cref="Unattached"/>: the legion does not run in this system (yet); an acquire is refused, naming the setting.</item>
/// <item><see cref="Attaching"/>: found the legion's supervisor, asked it for its status; requests wait (stashed).</item>
/// <item><see cref="Attached"/>: follows each status the supervisor publishes; the lease can be held.</item>
/// </list>
/// What the legion publishes is read in one place, <see cref="DoesLordWork"/>: today <see cref="LegionStatusChanged"/>
/// (<see cref="LegionStatus.LordWork"/>: Lord, its <c>lord</c> actions finished, not suspended, not leaving). Logs
/// through Akka.NET's logging, as the lease's users (Cluster Singleton, the split brain resolver) do, and so that a
/// lease made before any legion starts does not fix the system's <see cref="LegionRuntime"/>.
/// </summary>
internal sealed class LeaseKeeper : ReceiveActor, IWithUnboundedStash
{
    private readonly string _legion;
    private readonly string _leaseName;
    private readonly LeaseHeld _held;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _supervisor;
    private bool _lordWork;
    private bool _counted;
    private Action<Exception>? _onLost;

    public LeaseKeeper(string legion, string leaseName, LeaseHeld held)
    {
        _legion = legion;
        _leaseName = leaseName;
        _held = held;
        Unattached();
    }

    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <summary>Props for a keeper of the lease <paramref name="leaseName"/> backed by <paramref name="legion"/>, writing <paramref name="held"/>.</summary>
    public static Props Props(string legion, string leaseName, LeaseHeld held) =>
        Akka.Actor.Props.Create(() => new LeaseKeeper(legion, leaseName, held));

    /// <inheritdoc />
    protected override void PreStart()
    {
        // Statuses to follow the lordship; events to notice a legion that starts after the lease was made.
        Context.System.EventStream.Subscribe(Self, typeof(LegionStatusChanged));
        Context.System.EventStream.Subscribe(Self, typeof(LegionEventFired));
        TryAttach();
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        Uncount();
        _held.Value = false;
    }

    private void Unattached()
    {
        Receive<AcquireLease>(_ =>
        {
            if (TryAttach())
            {
                Stash.Stash();
                return;
            }
            Sender.Tell(new LeaseAnswer(false,
                $"legion '{_legion}' does not run in the actor system '{Context.System.Name}' (the lease's '{LegionLeaseSettings.LegionKey}' setting, " +
                $"{LegionLeaseSettings.DefaultConfigPath}.{LegionLeaseSettings.LegionKey} by default): start it with LegionExtension.Get(system).StartAsync, or name a legion that runs there"));
        });
        Receive<ReleaseLease>(_ => Sender.Tell(new LeaseAnswer(false)));
        Receive<LegionEventFired>(fired => fired.Legion == _legion, _ => TryAttach());
        Receive<LegionStatusChanged>(changed => changed.Status.Legion == _legion, _ => TryAttach());
        ReceiveAny(_ => { });
    }

    private void Attaching()
    {
        Receive<LegionStatus>(status => status.Legion == _legion, status =>
        {
            Follow(status);
            _log.Info("Lease {0} follows legion {1} (this node does its Lord-only work: {2})", _leaseName, _legion, _lordWork);
            Become(Attached);
            Stash.UnstashAll();
        });
        Receive<LegionStatusChanged>(changed => changed.Status.Legion == _legion, changed =>
        {
            Follow(changed.Status);
            Become(Attached);
            Stash.UnstashAll();
        });
        Receive<AcquireLease>(_ => Stash.Stash());
        Receive<ReleaseLease>(_ => Stash.Stash());
        Receive<Terminated>(t => t.ActorRef.Equals(_supervisor), _ =>
        {
            Detach();
            Stash.UnstashAll();
        });
        ReceiveAny(_ => { });
    }

    private void Attached()
    {
        Receive<LegionStatusChanged>(changed => changed.Status.Legion == _legion, changed => Follow(changed.Status));
        // A late reply to the status asked when attaching: sent after any status published before it, so never stale.
        Receive<LegionStatus>(status => status.Legion == _legion, Follow);
        Receive<AcquireLease>(acquire =>
        {
            if (_lordWork)
            {
                _held.Value = true;
                _onLost = acquire.OnLost;
            }
            Sender.Tell(new LeaseAnswer(_lordWork));
        });
        Receive<ReleaseLease>(_ =>
        {
            _held.Value = false;
            _onLost = null;
            Sender.Tell(new LeaseAnswer(false));
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_supervisor), _ =>
        {
            Lose($"legion '{_legion}' stopped on this node");
            Detach();
        });
        ReceiveAny(_ => { });
    }

    /// <summary>Whether this node does the Lord-only work of the legion, by what the legion published: the one place that reads it.</summary>
    private static bool DoesLordWork(LegionStatus status) => status.LordWork && status.Election.IsLord;

    private void Follow(LegionStatus status)
    {
        bool lordWork = DoesLordWork(status);
        if (_lordWork && !lordWork)
        {
            Lose($"this node is no longer the Lord of legion '{_legion}' (stepped down, outvalored, without quorum, suspended or leaving); Lord candidate now {status.Election.Candidate}");
        }
        _lordWork = lordWork;
    }

    private bool TryAttach()
    {
        if (!LegionExtension.Get(Context.System).TryGetNode(_legion, out var node))
        {
            return false;
        }
        _supervisor = Context.Watch(node.Supervisor(_legion));
        if (!_counted)
        {
            // A supervisor builds and publishes a status only when a counted callback listens (LegionRuntime.HasSubscribers).
            LegionRuntime.Get(Context.System).CountCallback(typeof(LegionStatusChanged), 1);
            _counted = true;
        }
        _supervisor.Tell(GetLegionStatus.Instance, Self);
        Become(Attaching);
        return true;
    }

    private void Detach()
    {
        _supervisor = null;
        _lordWork = false;
        Uncount();
        Become(Unattached);
    }

    private void Uncount()
    {
        if (_counted)
        {
            LegionRuntime.Get(Context.System).CountCallback(typeof(LegionStatusChanged), -1);
            _counted = false;
        }
    }

    private void Lose(string reason)
    {
        if (!_held.Value)
        {
            return;
        }
        _held.Value = false;
        var onLost = _onLost;
        _onLost = null;
        _log.Warning("Lease {0} lost: {1}", _leaseName, reason);
        try
        {
            onLost?.Invoke(new LeaseException(reason));
        }
        catch (Exception ex)
        {
            _log.Error(ex, "The lost callback of lease {0} failed", _leaseName);
        }
    }
}
