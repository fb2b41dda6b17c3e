using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Runtime;

/// <summary>
/// The Akka.NET extension through which a legion's actors read the time and get their loggers: one clock for every
/// actor of a system (no actor reads <c>DateTime.Now</c>). From the system's <see cref="LegionRuntimeSetup"/>; without
/// one, the scheduler's clock when it is a <see cref="TimeProviderScheduler"/>, else <see cref="TimeProvider.System"/>,
/// and logging on the system's EventStream (the system's <c>akka.loggers</c> and <c>akka.loglevel</c> decide where
/// lines go). Thread-safe.
/// </summary>
public sealed class LegionRuntime : IExtension
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, int> _callbacks = new();

    internal LegionRuntime(TimeProvider clock, ILoggerFactory? loggerFactory, LoggingBus bus, IMailboxRunner? runner)
    {
        Clock = clock;
        LogsOnEventStream = loggerFactory is null;
        LoggerFactory = loggerFactory ?? new BusLoggerFactory(bus);
        _bus = bus;
        Runner = runner;
    }

    private readonly LoggingBus _bus;

    /// <summary>The clock of every legion actor of the system.</summary>
    public TimeProvider Clock { get; }

    /// <summary>
    /// The loggers of what runs beside the actors (actions, cron tasks, daemons): the setup's factory, or one whose
    /// loggers publish on the system's EventStream when the system logs there (<see cref="LogsOnEventStream"/>).
    /// </summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// True when the legion's actors log on the system's EventStream, as any Akka.NET actor does (no logger factory in
    /// the setup, or no setup: a legion inside an application's ActorSystem); false when they write to the setup's
    /// logger factory directly.
    /// </summary>
    public bool LogsOnEventStream { get; }

    /// <summary>Where the legion dispatcher's mailboxes run, when the setup named a runner.</summary>
    public IMailboxRunner? Runner { get; }

    /// <summary>
    /// True when a callback subscribed through <see cref="EventStreamCallbacks.Subscribe"/> receives messages of
    /// <paramref name="type"/>: an actor skips building an event nobody reads (actors subscribed to the EventStream
    /// directly are not counted).
    /// </summary>
    /// <param name="type">The message type about to be published.</param>
    /// <returns>Whether a callback listens.</returns>
    public bool HasSubscribers(Type type)
    {
        foreach (var (subscribed, count) in _callbacks)
        {
            if (count > 0 && subscribed.IsAssignableFrom(type))
            {
                return true;
            }
        }

        return false;
    }

    internal void CountCallback(Type type, int delta) => _callbacks.AddOrUpdate(type, delta, (_, count) => count + delta);

    /// <summary>The extension of <paramref name="system"/>, created on first use.</summary>
    /// <param name="system">Any ActorSystem.</param>
    /// <returns>The extension.</returns>
    public static LegionRuntime Get(ActorSystem system) => system.WithExtension<LegionRuntime, LegionRuntimeProvider>();

    /// <summary>
    /// The Microsoft.Extensions.Logging logger under an actor's <see cref="ActorContextExtensions"/> adapter: values
    /// escaped for one log line (<see cref="Protocol.PeerText.Escape"/>: peers choose names, uuids, scrolls); written
    /// to the setup's factory under <paramref name="category"/> with the actor's path in a scope (<c>ActorPath</c>), or
    /// published on the EventStream with the path as the log source and the actor's type as the log class.
    /// </summary>
    internal static ILogger Logger(IActorContext context, string category)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runtime = Get(context.System);
        var path = context.Self.Path.ToStringWithoutAddress();
        return runtime.LogsOnEventStream
            ? new PeerTextLogger(new BusLogger(runtime._bus, context.Self.Path.ToString(), context.Props.Type))
            : new ActorPathLogger(new PeerTextLogger(runtime.LoggerFactory.CreateLogger(category)), path);
    }

    internal static LegionRuntime Create(ExtendedActorSystem system, LegionRuntimeSetup? preset = null)
    {
        if (system.Settings.Setup.Get<LegionRuntimeSetup>() is { HasValue: true } setup)
        {
            return new LegionRuntime(setup.Value.Clock, setup.Value.LoggerFactory, system.EventStream, setup.Value.Runner);
        }

        var clock = system.Scheduler is TimeProviderScheduler scheduler ? scheduler.Clock : preset?.Clock ?? TimeProvider.System;
        return new LegionRuntime(clock, preset?.LoggerFactory, system.EventStream, null);
    }

    /// <summary>
    /// The runtime of <paramref name="system"/>, made with <paramref name="preset"/>'s clock and logger factory when it
    /// does not exist yet and the system has no <see cref="LegionRuntimeSetup"/> of its own.
    /// </summary>
    internal static LegionRuntime GetOrCreate(ActorSystem system, LegionRuntimeSetup preset) =>
        (LegionRuntime)((ExtendedActorSystem)system).RegisterExtension(new LegionRuntimeProvider(preset));
}
