using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace Legion.Actors.Runtime;

/// <summary>
/// Creates the ActorSystems this library owns (the <c>legion</c> host's and <see cref="Hosting.LegionNode"/>'s, one per
/// simulated node, the tests'): Akka.NET with a <see cref="TimeProviderScheduler"/> on the setup's clock, the legion
/// dispatcher on the setup's runner, Akka's own log events sent to the setup's logger factory, and no process-exit hook
/// (the owner stops the system). An application's own ActorSystem keeps its scheduler; legion actors there read time
/// through <see cref="LegionRuntime"/>.
/// </summary>
public static class LegionActorSystem
{
    // The scheduler is made by Akka.NET with the config alone (no setup), so the clock reaches it through this table
    // for the length of ActorSystem.Create, under a key written into the config.
    private static readonly ConcurrentDictionary<string, TimeProvider> Clocks = new();
    private static long _next;

    /// <summary>Creates and starts a system.</summary>
    /// <param name="name">The system's name (letters, digits, '-' and '_').</param>
    /// <param name="runtime">Clock, logging and mailbox runner of the legion's actors.</param>
    /// <param name="config">More config, placed before this library's defaults; null for none.</param>
    /// <returns>The running system.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid ActorSystem name.</exception>
    // Akka.NET makes these from their names in the HOCON below: keep them (and their constructors) when trimming.
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(TimeProviderScheduler))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(LegionExecutorConfigurator))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors, typeof(AkkaLogBridge))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(LegionRuntimeProvider))]
    public static ActorSystem Create(string name, LegionRuntimeSetup runtime, Config? config = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var key = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        Clocks[key] = runtime.Clock;
        try
        {
            var own = ConfigurationFactory.ParseString($$"""
                legion.runtime.id = "{{key}}"
                akka {
                  scheduler.implementation = "Legion.Actors.Runtime.TimeProviderScheduler, Legion.Actors"
                  loggers = ["Legion.Actors.Runtime.AkkaLogBridge, Legion.Actors"]
                  loglevel = WARNING
                  stdout-loglevel = OFF
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  coordinated-shutdown.run-by-clr-shutdown-hook = off
                }
                """);
            var full = (config ?? Config.Empty).WithFallback(own).WithFallback(LegionExtensionSettings.Reference);
            var setup = BootstrapSetup.Create().WithConfig(full).And(runtime);
            return ActorSystem.Create(name, setup);
        }
        finally
        {
            Clocks.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Creates a top-level actor and returns once it has started. Akka.NET starts a top-level actor asynchronously (its
    /// guardian, on the thread pool, points the ref at the new cell); a deterministic run must not begin before that,
    /// or the start would land at a moment the seed does not decide.
    /// </summary>
    /// <param name="system">The system.</param>
    /// <param name="props">The actor's props.</param>
    /// <param name="name">Its name under <c>/user</c>; null for a generated one.</param>
    /// <returns>The started actor's ref.</returns>
    /// <exception cref="TimeoutException">The guardian did not start it within 30 s (a starved thread pool).</exception>
    public static IActorRef ActorOfStarted(this ActorSystem system, Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var actor = name is null ? system.ActorOf(props) : system.ActorOf(props, name);
        if (actor is RepointableActorRef repointable && !SpinWait.SpinUntil(() => repointable.IsStarted, TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"{actor.Path} did not start within 30 s.");
        }

        return actor;
    }

    /// <summary>The clock that <see cref="Create"/> is handing to the scheduler of the system with this config.</summary>
    internal static TimeProvider? ClockFor(Config config) =>
        config.GetString("legion.runtime.id", null) is { } key && Clocks.TryGetValue(key, out var clock) ? clock : null;
}
