using Akka.Actor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Runtime;

/// <summary>
/// The Akka.NET extension through which a legion's actors read the time and get their loggers: one clock for every
/// actor of a system (no actor reads <c>DateTime.Now</c>). From the system's <see cref="LegionRuntimeSetup"/>; without
/// one, the scheduler's clock when it is a <see cref="TimeProviderScheduler"/>, else <see cref="TimeProvider.System"/>,
/// and no logging. Thread-safe.
/// </summary>
public sealed class LegionRuntime : IExtension
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, int> _callbacks = new();

    internal LegionRuntime(TimeProvider clock, ILoggerFactory loggerFactory, IMailboxRunner? runner)
    {
        Clock = clock;
        LoggerFactory = loggerFactory;
        Runner = runner;
    }

    /// <summary>The clock of every legion actor of the system.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Creates the actors' loggers.</summary>
    public ILoggerFactory LoggerFactory { get; }

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
    /// A logger of <paramref name="category"/> whose lines carry the actor's path (scope <c>ActorPath</c>) and whose
    /// values are escaped for one log line (<see cref="Protocol.PeerText.Escape"/>: peers choose names, uuids, scrolls).
    /// </summary>
    /// <param name="context">The actor's context.</param>
    /// <param name="category">The log category, e.g. the actor's type name.</param>
    /// <returns>The logger.</returns>
    public static ILogger Logger(IActorContext context, string category)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ActorPathLogger(new PeerTextLogger(Get(context.System).LoggerFactory.CreateLogger(category)), context.Self.Path.ToStringWithoutAddress());
    }

    internal static LegionRuntime Create(ExtendedActorSystem system, LegionRuntimeSetup? preset = null)
    {
        if (system.Settings.Setup.Get<LegionRuntimeSetup>() is { HasValue: true } setup)
        {
            return new LegionRuntime(setup.Value.Clock, setup.Value.LoggerFactory, setup.Value.Runner);
        }

        var clock = system.Scheduler is TimeProviderScheduler scheduler ? scheduler.Clock : preset?.Clock ?? TimeProvider.System;
        return new LegionRuntime(clock, preset?.LoggerFactory ?? NullLoggerFactory.Instance, null);
    }

    /// <summary>
    /// The runtime of <paramref name="system"/>, made with <paramref name="preset"/>'s clock and logger factory when it
    /// does not exist yet and the system has no <see cref="LegionRuntimeSetup"/> of its own.
    /// </summary>
    internal static LegionRuntime GetOrCreate(ActorSystem system, LegionRuntimeSetup preset) =>
        (LegionRuntime)((ExtendedActorSystem)system).RegisterExtension(new LegionRuntimeProvider(preset));
}
