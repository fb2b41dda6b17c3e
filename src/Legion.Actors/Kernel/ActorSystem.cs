using Microsoft.Extensions.Logging;

namespace Legion.Actors.Kernel;

/// <summary>
/// A tree of actors with its clock, dispatcher, scheduler, event stream and dead letters (as Akka.NET's
/// <c>ActorSystem</c>). Top-level actors live under the user guardian, <c>legion://&lt;name&gt;/user</c>, which
/// supervises them with <see cref="SupervisorStrategy.DefaultStrategy"/>. Thread-safe.
/// </summary>
public sealed class ActorSystem : IDisposable, IAsyncDisposable
{
    private readonly TaskCompletionSource terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorCell guardian;
    private readonly Scheduler scheduler;
    private volatile bool terminating;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        Dispatcher = settings.Dispatcher ?? new ThreadPoolDispatcher();
        Logger = settings.LoggerFactory.CreateLogger("Legion.Actors.Kernel.ActorSystem");
        EventStream = new EventStream(Logger);
        scheduler = new Scheduler(settings.TimeProvider);
        DeadLetters = new DeadLetterActorRef(this);
        var guardianProps = Props.Create(() => new GuardianActor()).WithSupervisorStrategy(SupervisorStrategy.DefaultStrategy);
        guardian = new ActorCell(this, null, "user", guardianProps);
        guardian.SendSystem(Kernel.Create.Instance);
    }

    /// <summary>The system's name, the authority part of every actor path.</summary>
    public string Name { get; }

    /// <summary>The settings it was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The system's only clock (<see cref="ActorSystemSettings.TimeProvider"/>).</summary>
    public TimeProvider TimeProvider => Settings.TimeProvider;

    /// <summary>Creates the actors' and the kernel's loggers.</summary>
    public ILoggerFactory LoggerFactory => Settings.LoggerFactory;

    /// <summary>Schedules delayed and periodic tells on <see cref="TimeProvider"/>.</summary>
    public IScheduler Scheduler => scheduler;

    /// <summary>The publish/subscribe bus; dead letters and unhandled messages are published on it.</summary>
    public EventStream EventStream { get; }

    /// <summary>A ref that publishes every message told to it as a <see cref="DeadLetter"/>; replies to "no sender" end here.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>Completes once <see cref="Terminate"/> has finished: every actor stopped and every <c>PostStop</c> ran.</summary>
    public Task WhenTerminated => terminated.Task;

    internal IDispatcher Dispatcher { get; }

    internal ILogger Logger { get; }

    /// <summary>Creates and starts a system.</summary>
    /// <param name="name">The system's name: non-empty, no '/' or spaces (e.g. <c>legion</c>, or one per simulated node).</param>
    /// <param name="settings">Clock, dispatcher, logging; defaults to <c>new ActorSystemSettings()</c>.</param>
    /// <returns>The running system.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid.</exception>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/') || name.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"Invalid actor system name '{name}'.", nameof(name));
        }

        return new ActorSystem(name, settings ?? new ActorSystemSettings());
    }

    /// <summary>Creates a top-level actor, <c>legion://&lt;system&gt;/user/&lt;name&gt;</c>.</summary>
    /// <param name="props">The recipe.</param>
    /// <param name="name">Unique among top-level actors; no '/' and not starting with '$'; null generates <c>$a</c>, <c>$b</c>, ...</param>
    /// <returns>The actor's ref, usable at once (it starts asynchronously).</returns>
    /// <exception cref="ArgumentException">The name is invalid or taken.</exception>
    /// <exception cref="InvalidOperationException">The system is terminating.</exception>
    public IActorRef ActorOf(Props props, string? name = null) =>
        terminating ? throw new InvalidOperationException($"Actor system {Name} is terminating.") : guardian.ActorOf(props, name);

    /// <summary>Stops an actor asynchronously: its children first, then its <c>PostStop</c>, then its watchers are told.</summary>
    /// <param name="actor">Any actor of this system; other refs are ignored.</param>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        (actor as ActorCell)?.SendSystem(Kernel.Terminate.Instance);
    }

    /// <summary>
    /// Stops every actor, children before parents, then completes <see cref="WhenTerminated"/>; pending scheduled
    /// tells are cancelled. With a <see cref="DeterministicDispatcher"/> the task completes only while the
    /// dispatcher is run. Idempotent.
    /// </summary>
    /// <returns><see cref="WhenTerminated"/>.</returns>
    public Task Terminate()
    {
        terminating = true;
        guardian.SendSystem(Kernel.Terminate.Instance);
        return WhenTerminated;
    }

    /// <summary>
    /// Starts <see cref="Terminate"/>; with a <see cref="ThreadPoolDispatcher"/> it also blocks until termination
    /// completes (so never call it from inside an actor), otherwise the dispatcher's driver must finish it.
    /// </summary>
    public void Dispose()
    {
        var done = Terminate();
        if (Dispatcher is ThreadPoolDispatcher)
        {
            done.GetAwaiter().GetResult();
        }
    }

    /// <summary>Terminates the system and waits for it; see <see cref="Terminate"/>.</summary>
    /// <returns>Completes when terminated.</returns>
    public ValueTask DisposeAsync() => new(Terminate());

    /// <inheritdoc/>
    public override string ToString() => $"legion://{Name}";

    internal void OnGuardianStopped()
    {
        scheduler.CancelAll();
        terminated.TrySetResult();
    }

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        // A dead letter addressed to a dead subscriber must not produce another one, forever.
        if (message is not DeadLetter)
        {
            EventStream.Publish(new DeadLetter(message, sender, recipient));
        }
    }
}
