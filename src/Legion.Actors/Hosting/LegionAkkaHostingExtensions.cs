using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Hosting;
using Akka.Hosting.Logging;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Hosting;

/// <summary>
/// Legions in an Akka.Hosting application, one builder method per feature as Akka.Hosting's own modules:
/// <code>
/// builder.Services.AddAkka("app", akka => akka
///     .WithLegion(builder.Configuration.GetSection("Legion"))
///     .WithLordOnlyActor&lt;ReportScheduler&gt;("web", Props.Create(() => new ReportScheduler())));
/// // later: IRequiredActor&lt;ReportScheduler&gt; reaches it on whichever instance is Lord of "web"
/// </code>
/// The legions run inside the application's ActorSystem (<see cref="LegionExtension"/>), start with it (the host
/// fails to start when a socket cannot be bound) and leave when it shuts down (<c>death</c> actions, death announce, in
/// <see cref="CoordinatedShutdown"/>). Registered in the <see cref="ActorRegistry"/>: the <c>legions</c> guardian under
/// <see cref="LegionsGuardian"/>, and, with exactly one legion, its supervisor under <see cref="LegionSupervisor"/>
/// (so <c>IRequiredActor&lt;LegionsGuardian&gt;</c> resolves them); each lord-only actor under its key. The legion
/// actors log through Akka.Hosting's <see cref="LoggerFactorySetup"/> when the application has one.
/// </summary>
public static class LegionAkkaHostingExtensions
{
    private static readonly ConditionalWeakTable<AkkaConfigurationBuilder, Declared> Declarations = new();

    /// <summary>
    /// Runs the legions of a configuration section (appsettings.json, environment variables, ...) in this
    /// ActorSystem, in the form <see cref="LegionConfiguration"/> documents, validated at once exactly as
    /// <c>services.AddLegion</c> and the <c>legion</c> host do.
    /// </summary>
    /// <param name="builder">The Akka.Hosting builder.</param>
    /// <param name="configuration">Typically <c>configuration.GetSection("Legion")</c>.</param>
    /// <param name="configure">Adjusts action kinds, host name, start timeout; null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="LegionConfigurationException">
    /// A value is malformed or cannot run; the same message as <c>AddLegion</c>'s (its configuration path, the value
    /// with secrets masked, what was expected).
    /// </exception>
    /// <exception cref="InvalidOperationException"><c>WithLegion</c> was already called on this builder.</exception>
    public static AkkaConfigurationBuilder WithLegion(this AkkaConfigurationBuilder builder, IConfiguration configuration, Action<LegionHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var hosting = LegionHostingOptions.Create(configure);
        var result = hosting.Read(configuration);
        return Register(builder, result.Options, result.Warnings, hosting);
    }

    /// <summary>Runs the legions of <paramref name="options"/> in this ActorSystem, validated at once exactly as <c>services.AddLegion</c> does.</summary>
    /// <param name="builder">The Akka.Hosting builder.</param>
    /// <param name="options">The legions and tunables.</param>
    /// <param name="configure">Adjusts action kinds, host name, start timeout; null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="LegionConfigurationException">The options cannot run (no legion, bad timers, unknown action kind, ...), with <c>AddLegion</c>'s message.</exception>
    /// <exception cref="InvalidOperationException"><c>WithLegion</c> was already called on this builder.</exception>
    public static AkkaConfigurationBuilder WithLegion(this AkkaConfigurationBuilder builder, LegionOptions options, Action<LegionHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return Register(builder, options, [], LegionHostingOptions.Create(configure));
    }

    /// <summary>
    /// An actor that runs on this instance only while it is the Lord of <paramref name="legion"/>, modelled on
    /// Akka.Cluster.Hosting's <c>WithSingleton&lt;TKey&gt;</c>: started once this node's <c>lord</c> actions have
    /// finished (as all Lord-only work), told <paramref name="terminationMessage"/> on <c>unlord</c>, a step-down and
    /// shutdown, and started afresh at the next lordship; two instances of it never overlap on one node. Registered in the
    /// <see cref="ActorRegistry"/> under <typeparamref name="TKey"/>: the ref is the actor's manager, which forwards
    /// every message to the actor while this instance is Lord and sends it to dead letters while it is not (unlike a
    /// cluster singleton proxy, it never forwards to the Lord on another instance: the legion's wire is uWSGI's, not
    /// Akka.Remote). Call it with <see cref="WithLegion(AkkaConfigurationBuilder, LegionOptions, Action{LegionHostingOptions}?)"/>,
    /// in either order.
    /// </summary>
    /// <typeparam name="TKey">The registry key (typically the actor's type); the actor is named after it.</typeparam>
    /// <param name="builder">The Akka.Hosting builder.</param>
    /// <param name="legion">The legion whose lordship bounds the actor; must be configured by <c>WithLegion</c>.</param>
    /// <param name="props">The actor's props (it runs on the dispatcher they name: the application's default unless set).</param>
    /// <param name="terminationMessage">Ends the actor at the end of lordship; it must stop itself on it. Default <see cref="PoisonPill.Instance"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">
    /// A lord-only actor with this key was already added; at start, when <c>WithLegion</c> was not called or does not
    /// configure <paramref name="legion"/>.
    /// </exception>
    public static AkkaConfigurationBuilder WithLordOnlyActor<TKey>(this AkkaConfigurationBuilder builder, string legion, Props props, object? terminationMessage = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(legion);
        ArgumentNullException.ThrowIfNull(props);
        var declared = Declarations.GetOrCreateValue(builder);
        if (declared.LordOnly.Any(l => l.Key == typeof(TKey)))
        {
            throw new InvalidOperationException($"WithLordOnlyActor<{typeof(TKey).Name}> was already called: one lord-only actor per key");
        }
        var spec = new LordOnlyActorSpec(legion, ActorName(typeof(TKey)), props, terminationMessage ?? PoisonPill.Instance);
        spec.Validate();
        declared.LordOnly.Add((typeof(TKey), spec));
        // WithLegion's starter starts and registers it; this one only says what is missing, whichever runs first.
        return builder.WithActors((_, _) =>
        {
            if (declared.Options is not { } options)
            {
                throw new InvalidOperationException($"WithLordOnlyActor<{typeof(TKey).Name}>(\"{legion}\") needs WithLegion on the same builder");
            }
            if (!options.Legions.Any(l => l.Name == legion))
            {
                throw new InvalidOperationException($"WithLordOnlyActor<{typeof(TKey).Name}> names legion '{legion}', which WithLegion does not configure");
            }
            return Task.CompletedTask;
        });
    }

    private static AkkaConfigurationBuilder Register(AkkaConfigurationBuilder builder, LegionOptions options, IReadOnlyList<string> warnings, LegionHostingOptions hosting)
    {
        var declared = Declarations.GetOrCreateValue(builder);
        if (declared.Options is not null)
        {
            throw new InvalidOperationException("WithLegion was already called: an ActorSystem runs one node per builder; declare every legion in one configuration");
        }
        LegionStartupCheck.Check(options, hosting.Actions);
        declared.Options = options;
        // The legions leave within this phase: give their death actions the time the node itself would.
        var leave = (long)(options.ActionTimeout + TimeSpan.FromSeconds(5)).TotalMilliseconds;
        builder.AddHocon($"akka.coordinated-shutdown.phases.{CoordinatedShutdown.PhaseBeforeActorSystemTerminate}.timeout = {leave}ms", HoconAddMode.Prepend);
        return builder.WithActors(async (system, registry, resolver) =>
        {
            var loggerFactory = system.Settings.Setup.Get<LoggerFactorySetup>() is { HasValue: true } logging
                ? logging.Value.LoggerFactory
                : resolver.GetService<Microsoft.Extensions.Logging.ILoggerFactory>();
            if (loggerFactory?.CreateLogger("Legion.Hosting") is { } log)
            {
                foreach (var warning in warnings)
                {
                    log.LogWarning("{Warning}", warning);
                }
            }
            var nodeOptions = new LegionNodeOptions
            {
                Actions = hosting.Actions,
                StartTimeout = hosting.StartTimeout,
                LordOnlyActors = declared.LordOnly.Select(l => l.Spec).ToList(),
            };
            if (loggerFactory is not null)
            {
                nodeOptions = nodeOptions with { LoggerFactory = loggerFactory };
            }
            if (resolver.GetService<TimeProvider>() is { } clock)
            {
                nodeOptions = nodeOptions with { TimeProvider = clock };
            }
            if (hosting.HostName is { } hostName)
            {
                nodeOptions = nodeOptions with { HostName = hostName };
            }
            if (declared.LordOnly.FirstOrDefault(l => !options.Legions.Any(d => d.Name == l.Spec.Legion)) is { Spec: not null } stray)
            {
                throw new InvalidOperationException($"WithLordOnlyActor<{stray.Key.Name}> names legion '{stray.Spec.Legion}', which WithLegion does not configure");
            }
            var node = await LegionNode.StartInAsync(system, options, nodeOptions).ConfigureAwait(false);
            registry.TryRegister<LegionsGuardian>(LegionExtension.Get(system).Guardian, overwrite: true);
            if (options.Legions is [var only])
            {
                registry.TryRegister<LegionSupervisor>(node.Supervisor(only.Name), overwrite: true);
            }
            foreach (var (key, spec) in declared.LordOnly)
            {
                registry.TryRegister(key, await node.LordOnlyActorAsync(spec.Legion, spec.Name).ConfigureAwait(false), overwrite: true);
            }
        });
    }

    /// <summary>The actor's name from its key type: the type's name, other characters than letters, digits, '-', '_', '.' as '_'.</summary>
    private static string ActorName(Type key) =>
        new(key.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    /// <summary>What one builder declared, read when its ActorSystem starts (builder methods may come in any order).</summary>
    private sealed class Declared
    {
        public LegionOptions? Options { get; set; }

        public List<(Type Key, LordOnlyActorSpec Spec)> LordOnly { get; } = [];
    }
}
