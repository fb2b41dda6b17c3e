using System.Diagnostics.CodeAnalysis;
using Akka;
using Akka.Actor;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Runtime;

namespace Legion.Actors.Hosting;

/// <summary>
/// The legions of one ActorSystem, as an Akka.NET extension: starts and stops legions inside an existing system
/// (an application's own, without Akka.Hosting), owns the system's <c>legions</c> guardian (<c>/user/legions</c>) and
/// its internal tunables (<see cref="Settings"/>, <c>legion.*</c> in the system's config over this library's
/// <c>reference.conf</c>), and leaves every legion when the system shuts down.
/// <code>
/// var system = ActorSystem.Create("app");
/// var node = await LegionExtension.Get(system).StartAsync(LegionConfiguration.FromUwsgiArgs(args).Options);
/// system.EventStream.Subscribe(myActor, typeof(LordChanged));
/// </code>
/// Shutdown: a <see cref="CoordinatedShutdown"/> task named <see cref="LegionNode.LeaveTaskName"/> in phase
/// <c>before-actor-system-terminate</c> leaves every running legion (stop announcing, <c>death</c> actions, death
/// announce) however the system stops (<c>CoordinatedShutdown.Run</c>, <c>ActorSystem.Terminate</c>). That phase's
/// timeout bounds the <c>death</c> actions: an application system keeps Akka.NET's (5 s by default) unless its config
/// raises it to <c>legion-action-timeout</c> + 5 s, and a legion that cannot leave in time expires on its peers. Legions
/// themselves still come from uWSGI options, ini files, <c>IConfiguration</c> or <see cref="LegionOptions"/>.
/// Thread-safe.
/// </summary>
public sealed class LegionExtension : IExtension
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LegionNode> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _starting = new(StringComparer.Ordinal);
    private IActorRef? _guardian;

    internal LegionExtension(ExtendedActorSystem system)
    {
        System = system;
        // Akka.NET modules make their reference config visible to every lookup (the legion dispatcher's, here).
        system.Settings.InjectTopLevelFallback(LegionExtensionSettings.Reference);
        // So that Akka.Coordination finds the lease class under "legion.lease" (use-lease, lease-implementation).
        system.Settings.InjectTopLevelFallback(Coordination.LegionLease.DefaultConfig());
        Settings = LegionExtensionSettings.Create(system);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, LegionNode.LeaveTaskName, LeaveAllAsync);
    }

    /// <summary>The extension of <paramref name="system"/>, created on first use (it then reads the tunables).</summary>
    /// <param name="system">Any ActorSystem.</param>
    /// <returns>The extension.</returns>
    /// <exception cref="Akka.Configuration.ConfigurationException">A <c>legion.*</c> tunable in the system's config is malformed.</exception>
    public static LegionExtension Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        // Apply on an instance, not WithExtension<,>: that one makes the id by reflection, which a trimmed (Native AOT)
        // build cannot do.
        return Id.Apply(system);
    }

    private static readonly LegionExtensionProvider Id = new();

    /// <summary>The system the legions run in.</summary>
    public ActorSystem System { get; }

    /// <summary>The internal tunables of this system's legion actors (dispatcher, receive buffer and backlog, log budgets, warm-up and claim fence).</summary>
    public LegionExtensionSettings Settings { get; }

    /// <summary>The names of the legions running in this system now, in no particular order.</summary>
    public IReadOnlyCollection<string> Legions
    {
        get
        {
            lock (_gate)
            {
                return [.. _nodes.Keys];
            }
        }
    }

    /// <summary>The nodes running in this system now (one per <see cref="StartAsync"/> not yet stopped).</summary>
    public IReadOnlyCollection<LegionNode> Nodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _nodes.Values.Distinct()];
            }
        }
    }

    /// <summary>The <c>legions</c> guardian (<c>/user/legions</c>), parent of one <c>legion-&lt;name&gt;</c> supervisor per legion; created on first use.</summary>
    public IActorRef Guardian
    {
        get
        {
            lock (_gate)
            {
                return _guardian ??= System.ActorOf(LegionsGuardian.Props(), "legions");
            }
        }
    }

    /// <summary>
    /// Starts every legion of <paramref name="options"/> in this system and returns once each socket is bound; the
    /// same as <see cref="LegionNode.StartInAsync"/>. Disposing the returned node leaves its legions and stops their
    /// actors, never the system.
    /// </summary>
    /// <param name="options">Validated configuration with at least one legion, none of them already running here.</param>
    /// <param name="nodeOptions">Actions, identity, logging; null for production defaults. See <see cref="LegionNode.StartInAsync"/> for what an existing system allows.</param>
    /// <param name="cancellationToken">Cancels the start (what started is stopped).</param>
    /// <returns>The running node.</returns>
    /// <exception cref="LegionStartException">A legion's socket could not be bound; nothing of this start keeps running.</exception>
    /// <exception cref="InvalidOperationException">A legion of that name already runs in this system, or the system is shutting down.</exception>
    /// <exception cref="ArgumentException">A cipher name is not supported, or <paramref name="nodeOptions"/> asks for a clock or runner this system cannot give.</exception>
    public Task<LegionNode> StartAsync(LegionOptions options, LegionNodeOptions? nodeOptions = null, CancellationToken cancellationToken = default) =>
        LegionNode.StartInAsync(System, options, nodeOptions, cancellationToken);

    /// <summary>The node running <paramref name="legion"/> in this system.</summary>
    /// <param name="legion">Legion name.</param>
    /// <param name="node">The node, or null.</param>
    /// <returns>Whether that legion runs here.</returns>
    public bool TryGetNode(string legion, [MaybeNullWhen(false)] out LegionNode node)
    {
        lock (_gate)
        {
            return _nodes.TryGetValue(legion, out node);
        }
    }

    /// <summary>Claims the names of <paramref name="legions"/> for a node about to start.</summary>
    internal void Reserve(IReadOnlyList<string> legions)
    {
        lock (_gate)
        {
            if (CoordinatedShutdown.Get(System).ShutdownReason is not null)
            {
                throw new InvalidOperationException($"the actor system '{System.Name}' is shutting down: no legion starts in it");
            }
            if (legions.FirstOrDefault(l => _nodes.ContainsKey(l) || _starting.Contains(l)) is { } taken)
            {
                throw new InvalidOperationException($"legion '{taken}' already runs in the actor system '{System.Name}': one node per legion and system");
            }
            _starting.UnionWith(legions);
        }
    }

    /// <summary>The node started (or, when null, failed): its names now point at it (or are free again).</summary>
    internal void Complete(IReadOnlyList<string> legions, LegionNode? node)
    {
        lock (_gate)
        {
            _starting.ExceptWith(legions);
            if (node is not null)
            {
                foreach (var legion in legions)
                {
                    _nodes[legion] = node;
                }
            }
        }
    }

    /// <summary>The node has left its legions and stopped.</summary>
    internal void Remove(LegionNode node)
    {
        lock (_gate)
        {
            foreach (var legion in node.Legions)
            {
                if (_nodes.TryGetValue(legion, out var found) && ReferenceEquals(found, node))
                {
                    _nodes.Remove(legion);
                }
            }
        }
    }

    private async Task<Done> LeaveAllAsync()
    {
        await Task.WhenAll(Nodes.Select(n => n.LeaveAsync())).ConfigureAwait(false);
        return Done.Instance;
    }
}
