using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Kernel;

/// <summary>
/// One actor incarnation: its ref, mailbox and context in one object (Akka.NET splits them; one object keeps the
/// kernel small). The dispatcher never runs a mailbox on two threads at once, so every field without its own
/// synchronization is touched only from inside <see cref="IDispatchable.Run"/>. Restarts keep the cell (and thus the ref and
/// the mailbox); only the actor instance is replaced.
/// </summary>
internal sealed class ActorCell : IActorRef, IActorContext, IDispatchable
{
    private const int Creating = 0, Running = 1, Terminating = 2, Dead = 3;

    [ThreadStatic]
    private static ActorCell? constructing;

    private readonly ConcurrentQueue<SystemMessage> systemQueue = new();
    private readonly ConcurrentQueue<Envelope> userQueue = new();
    private readonly Dictionary<string, ActorCell> children = new(StringComparer.Ordinal); // lock(children): ActorSystem.ActorOf runs on any thread
    private readonly HashSet<ActorCell> stoppingChildren = [];
    private readonly HashSet<ActorCell> watchers = [];
    private readonly HashSet<IActorRef> watching = [];
    private readonly HashSet<IActorRef> queuedTerminated = [];
    private readonly Props props;
    private ActorBase? actor;
    private ActorTimers? timers;
    private ILogger? log;
    private Envelope current;
    private object? failedMessage;
    private Exception? lastFailure;
    private Exception? pendingRestart;
    private ActorCell? escalatedFor;
    private bool suspended;
    private volatile int state;
    private int scheduled;
    private int nameCounter;

    public ActorCell(ActorSystem system, ActorCell? parent, string name, Props props)
    {
        System = system;
        ParentCell = parent;
        Name = name;
        Path = parent is null ? $"legion://{system.Name}/{name}" : $"{parent.Path}/{name}";
        this.props = props;
    }

    /// <summary>The cell whose <see cref="Props"/> factory is running on this thread, for the <see cref="ActorBase"/> constructor.</summary>
    public static ActorCell? Constructing => constructing;

    public ActorSystem System { get; }

    public ActorCell? ParentCell { get; }

    public string Name { get; }

    public string Path { get; }

    public ActorTimers Timers => timers ??= new ActorTimers(this);

    /// <summary>Restart statistics, read and written only by the parent (see <see cref="OneForOneStrategy"/>).</summary>
    public int RestartCount { get; set; }

    /// <inheritdoc cref="RestartCount"/>
    public long RestartWindowStart { get; set; }

    public IActorRef Self => this;

    public IActorRef Sender => current.Sender ?? System.DeadLetters;

    public IActorRef? CurrentSender => current.Sender;

    public IActorRef Parent => (IActorRef?)ParentCell ?? ActorRefs.Nobody;

    public ILogger Log => log ??= new ActorLogger(System.LoggerFactory.CreateLogger(props.ActorType.FullName ?? props.ActorType.Name), Path);

    public TimeProvider TimeProvider => System.TimeProvider;

    public IEnumerable<IActorRef> Children
    {
        get
        {
            lock (children)
            {
                return [.. children.Values];
            }
        }
    }

    private bool CanProcessUserMessages => state == Running && !suspended;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Post(new Envelope(message, sender));
    }

    public void SendSystem(SystemMessage message)
    {
        systemQueue.Enqueue(message);
        TrySchedule();
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null && (name.Length == 0 || name.StartsWith('$') || name.Contains('/') || name.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException($"Invalid actor name '{name}': it must be non-empty, without '/' or spaces, and not start with '$'.", nameof(name));
        }

        ActorCell child;
        lock (children)
        {
            if (state >= Terminating)
            {
                throw new InvalidOperationException($"{Path} is stopping; it cannot create children.");
            }

            name ??= NextName();
            if (children.ContainsKey(name))
            {
                throw new ArgumentException($"An actor named '{name}' already exists under {Path}.", nameof(name));
            }

            child = new ActorCell(System, this, name, props);
            children.Add(name, child);
        }

        child.SendSystem(Create.Instance);
        return child;
    }

    public void Stop(IActorRef child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (child is not ActorCell cell)
        {
            return;
        }

        if (cell.ParentCell == this)
        {
            stoppingChildren.Add(cell);
        }

        cell.SendSystem(Kernel.Terminate.Instance);
    }

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject != this && watching.Add(subject))
        {
            if (subject is ActorCell cell)
            {
                cell.SendSystem(new Watch(this));
            }
            else
            {
                // Not a live actor (nobody, dead letters, an ask): it is as good as dead already.
                SendSystem(new DeathWatchNotification(subject));
            }
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (watching.Remove(subject) && subject is ActorCell cell)
        {
            cell.SendSystem(new Unwatch(this));
        }

        queuedTerminated.Remove(subject);
        return subject;
    }

    public IActorRef? Child(string name)
    {
        lock (children)
        {
            return children.GetValueOrDefault(name);
        }
    }

    bool IDispatchable.Run(int maxMessages)
    {
        for (var i = 0; i < maxMessages; i++)
        {
            if (systemQueue.TryDequeue(out var system))
            {
                ProcessSystem(system);
            }
            else if (state == Dead)
            {
                DrainToDeadLetters();
                break;
            }
            else if (CanProcessUserMessages && userQueue.TryDequeue(out var envelope))
            {
                Invoke(envelope);
            }
            else
            {
                break;
            }
        }

        Volatile.Write(ref scheduled, 0);
        var hasWork = !systemQueue.IsEmpty || (!userQueue.IsEmpty && (state == Dead || CanProcessUserMessages));
        return hasWork && Interlocked.CompareExchange(ref scheduled, 1, 0) == 0;
    }

    public override string ToString() => Path;

    private void Post(Envelope envelope)
    {
        if (state == Dead)
        {
            System.PublishDeadLetter(envelope.Message, envelope.Sender, this);
            return;
        }

        userQueue.Enqueue(envelope);
        TrySchedule();
    }

    private void TrySchedule()
    {
        if (Interlocked.CompareExchange(ref scheduled, 1, 0) == 0)
        {
            System.Dispatcher.Schedule(this);
        }
    }

    private string NextName()
    {
        var n = nameCounter++;
        var name = string.Empty;
        do
        {
            name = (char)('a' + (n % 26)) + name;
            n = (n / 26) - 1;
        }
        while (n >= 0);
        return "$" + name;
    }

    private void Invoke(Envelope envelope)
    {
        current = envelope;
        var message = envelope.Message;
        try
        {
            switch (message)
            {
                case PoisonPill:
                    BeginStop();
                    return;
                case TimerMessage timer:
                    if (timers?.Accept(timer) != true)
                    {
                        return;
                    }

                    message = timer.Message;
                    break;
                case Terminated terminated when envelope.FromDeathWatch && !queuedTerminated.Remove(terminated.ActorRef):
                    return;
            }

            if (!actor!.AroundReceive(message))
            {
                actor.AroundUnhandled(message);
            }
        }
        catch (Exception e)
        {
            failedMessage = message;
            Fail(e);
        }
        finally
        {
            current = default;
        }
    }

    private void ProcessSystem(SystemMessage message)
    {
        if (state == Dead)
        {
            if (message is Watch late)
            {
                late.Watcher.SendSystem(new DeathWatchNotification(this));
            }

            return;
        }

        switch (message)
        {
            case Create:
                CreateActor();
                break;
            case Terminate:
                BeginStop();
                break;
            case Resume:
                ResumeActor();
                break;
            case Recreate recreate:
                BeginRestart(recreate.Cause);
                break;
            case Failed failed:
                HandleChildFailure(failed.Child, failed.Cause);
                break;
            case ChildTerminated terminated:
                HandleChildTerminated(terminated.Child);
                break;
            case Watch watch when watch.Watcher != this:
                watchers.Add(watch.Watcher);
                break;
            case Unwatch unwatch:
                watchers.Remove(unwatch.Watcher);
                break;
            case DeathWatchNotification death when watching.Remove(death.Actor) && state == Running:
                // Queued behind earlier messages, as Akka.NET does; Unwatch before it is handled cancels it.
                queuedTerminated.Add(death.Actor);
                Post(new Envelope(new Terminated(death.Actor), death.Actor, FromDeathWatch: true));
                break;
        }
    }

    private ActorBase NewActor()
    {
        var previous = constructing;
        constructing = this;
        try
        {
            var instance = props.NewActor();
            instance.Constructed();
            return instance;
        }
        finally
        {
            constructing = previous;
        }
    }

    private void CreateActor()
    {
        state = Running;
        try
        {
            actor = NewActor();
            actor.AroundPreStart();
        }
        catch (Exception e)
        {
            Fail(new ActorInitializationException(this, e));
        }
    }

    /// <summary>Suspends this actor and hands the failure to the parent's supervisor strategy.</summary>
    private void Fail(Exception cause)
    {
        suspended = true;
        lastFailure = cause;
        if (ParentCell is null)
        {
            System.Logger.LogCritical(cause, "Guardian {Actor} failed; stopping the actor system", Path);
            BeginStop();
            return;
        }

        ParentCell.SendSystem(new Failed(this, cause));
    }

    private void ResumeActor()
    {
        if (actor is null || lastFailure is ActorInitializationException)
        {
            // There is no sound instance to resume: a failed start is retried as a restart.
            BeginRestart(lastFailure ?? new InvalidOperationException("Resumed without a failure."));
            return;
        }

        suspended = false;
        escalatedFor?.SendSystem(Resume.Instance);
        escalatedFor = null;
    }

    private void HandleChildFailure(ActorCell child, Exception cause)
    {
        lock (children)
        {
            if (!children.TryGetValue(child.Name, out var known) || known != child || state != Running)
            {
                return; // stale: the child is already gone or being stopped with us
            }
        }

        var strategy = props.SupervisorStrategy ?? actor?.AroundSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        var directive = strategy.Decide(cause);
        if (directive == Directive.Restart && !strategy.RequestRestartPermission(child, System.TimeProvider))
        {
            directive = Directive.Stop;
        }

        if (directive != Directive.Escalate)
        {
            System.Logger.Log(
                directive == Directive.Resume ? LogLevel.Warning : LogLevel.Error,
                cause,
                "Actor {Actor} failed; supervisor {Supervisor} applies {Directive}",
                child.Path,
                Path,
                directive);
        }

        switch (directive)
        {
            case Directive.Resume:
                child.SendSystem(Resume.Instance);
                break;
            case Directive.Restart:
                child.SendSystem(new Recreate(cause));
                break;
            case Directive.Stop:
                Stop(child);
                break;
            default:
                escalatedFor = child;
                failedMessage = null;
                Fail(cause);
                break;
        }
    }

    private void BeginRestart(Exception cause)
    {
        if (state != Running || pendingRestart is not null)
        {
            return; // stopping anyway, or already waiting for the old children to stop
        }

        timers?.CancelAll();
        if (actor is { } old)
        {
            current = default;
            var message = failedMessage;
            Guard(() => old.AroundPreRestart(cause, message), "PreRestart");
        }

        failedMessage = null;
        pendingRestart = cause;
        if (stoppingChildren.Count == 0)
        {
            FinishRestart();
        }
    }

    /// <summary>Runs once the children stopped by <c>PreRestart</c> are gone, so their names are free again.</summary>
    private void FinishRestart()
    {
        var cause = pendingRestart!;
        pendingRestart = null;
        escalatedFor = null;
        var survivors = Children;
        try
        {
            actor = null;
            actor = NewActor();
            actor.AroundPostRestart(cause);
            suspended = false;
            lastFailure = null;
        }
        catch (Exception e)
        {
            Fail(new ActorInitializationException(this, e));
        }

        // Children kept by an overridden PreRestart restart too (Akka.NET semantics).
        foreach (var child in survivors)
        {
            ((ActorCell)child).SendSystem(new Recreate(cause));
        }
    }

    private void BeginStop()
    {
        ActorCell[] toStop;
        lock (children)
        {
            if (state >= Terminating)
            {
                return;
            }

            state = Terminating;
            toStop = [.. children.Values];
        }

        pendingRestart = null;
        timers?.CancelAll();
        foreach (var child in toStop)
        {
            Stop(child);
        }

        if (toStop.Length == 0)
        {
            FinishStop();
        }
    }

    private void HandleChildTerminated(ActorCell child)
    {
        bool none;
        lock (children)
        {
            if (children.TryGetValue(child.Name, out var known) && known == child)
            {
                children.Remove(child.Name);
            }

            none = children.Count == 0;
        }

        stoppingChildren.Remove(child);
        if (state == Terminating && none)
        {
            FinishStop();
        }
        else if (pendingRestart is not null && stoppingChildren.Count == 0)
        {
            FinishRestart();
        }
    }

    private void FinishStop()
    {
        if (actor is not null)
        {
            current = default;
            Guard(actor.AroundPostStop, "PostStop");
        }

        actor = null;
        state = Dead;
        foreach (var watcher in watchers)
        {
            watcher.SendSystem(new DeathWatchNotification(this));
        }

        foreach (var watched in watching.OfType<ActorCell>())
        {
            watched.SendSystem(new Unwatch(this));
        }

        watchers.Clear();
        watching.Clear();
        System.EventStream.Unsubscribe(this);
        if (ParentCell is null)
        {
            System.OnGuardianStopped();
        }
        else
        {
            ParentCell.SendSystem(new ChildTerminated(this));
        }

        DrainToDeadLetters();
    }

    private void DrainToDeadLetters()
    {
        while (userQueue.TryDequeue(out var envelope))
        {
            if (!envelope.FromDeathWatch && envelope.Message is not TimerMessage)
            {
                System.PublishDeadLetter(envelope.Message, envelope.Sender, this);
            }
        }
    }

    private void Guard(Action hook, string name)
    {
        try
        {
            hook();
        }
        catch (Exception e)
        {
            System.Logger.LogError(e, "{Hook} of {Actor} threw; ignored", name, Path);
        }
    }
}
