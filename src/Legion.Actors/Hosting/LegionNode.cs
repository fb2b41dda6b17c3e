using System.Net;
using System.Text;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Akka.Configuration;
using Akka;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Hosting;

/// <summary>
/// A running node: every configured legion of one configuration, in one actor system (<c>legions</c> →
/// <c>legion-&lt;name&gt;</c>). Start it in an actor system of its own with <see cref="StartAsync"/>, or in an
/// application's existing system with <see cref="StartInAsync"/> (or <see cref="LegionExtension.StartAsync"/>); observe
/// it with <see cref="Subscribe"/>, the system's EventStream and <see cref="GetStatusAsync(CancellationToken)"/>; stop it
/// with <see cref="StopAsync"/>, which runs each legion's <c>death</c> actions and sends its death announce, as uWSGI
/// does at shutdown. Thread-safe.
/// </summary>
public sealed class LegionNode : IAsyncDisposable
{
    private readonly Dictionary<string, IActorRef> _supervisors;
    private readonly Dictionary<string, LegionSettings> _settings;
    private readonly IDisposable? _onEvent;
    private readonly object _gate = new();
    private Task? _stopped;

    private LegionNode(ActorSystem system, bool ownsSystem, LegionOptions options, Dictionary<string, IActorRef> supervisors,
        Dictionary<string, LegionSettings> settings, Dictionary<string, EndPoint> endPoints, IDisposable? onEvent)
    {
        System = system;
        OwnsSystem = ownsSystem;
        Options = options;
        _supervisors = supervisors;
        _settings = settings;
        LocalEndPoints = endPoints;
        _onEvent = onEvent;
    }

    /// <summary>The actor system the node runs in: its own ("legion"), or the application's (<see cref="OwnsSystem"/>).</summary>
    public ActorSystem System { get; }

    /// <summary>
    /// True when the node made <see cref="System"/> (<see cref="StartAsync"/>) and stopping the node terminates it; false
    /// in an application's system (<see cref="StartInAsync"/>), which stopping the node leaves running.
    /// </summary>
    public bool OwnsSystem { get; }

    /// <summary>The configuration the node was started with.</summary>
    public LegionOptions Options { get; }

    /// <summary>The address each legion's socket is bound to, by legion name.</summary>
    public IReadOnlyDictionary<string, EndPoint> LocalEndPoints { get; }

    /// <summary>
    /// The node's signal bus: subscribe to the numbers this application handles, which <c>signal:N</c> actions raise
    /// (as a uWSGI application registers signal handlers). The same instance as <see cref="LegionNodeOptions.Signals"/>.
    /// </summary>
    public LegionSignalBus Signals { get; private init; } = new();

    /// <summary>The legion names, in configuration order.</summary>
    public IEnumerable<string> Legions => Options.Legions.Select(l => l.Name);

    /// <summary>This node's identity (name, pid, valor, run uuid) in a legion.</summary>
    /// <exception cref="KeyNotFoundException">No legion of that name.</exception>
    public NodeIdentity Identity(string legion) => _settings[legion].Self;

    /// <summary>The supervisor actor (<c>/user/legions/legion-&lt;name&gt;</c>) of one legion.</summary>
    /// <exception cref="KeyNotFoundException">No legion of that name.</exception>
    public IActorRef Supervisor(string legion) => _supervisors[legion];

    /// <summary>
    /// Starts every legion of <paramref name="options"/> in an actor system of its own and returns once each socket is
    /// bound. Stopping the node terminates that system.
    /// </summary>
    /// <param name="options">Validated configuration with at least one legion.</param>
    /// <param name="nodeOptions">Clock, logging, actions, identity; null for production defaults.</param>
    /// <param name="cancellationToken">Cancels the start (the node is then stopped).</param>
    /// <exception cref="LegionStartException">A legion's socket could not be bound; nothing keeps running.</exception>
    /// <exception cref="ArgumentException">A cipher name is not supported.</exception>
    public static async Task<LegionNode> StartAsync(LegionOptions options, LegionNodeOptions? nodeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        nodeOptions ??= new LegionNodeOptions();
        // One thread for the node's actors and their timers unless the caller brings a runner (or a clock of its
        // own, e.g. virtual time, whose timers must stay its own): see DedicatedThreadRunner.
        var ownRunner = nodeOptions.Runner is null ? new DedicatedThreadRunner() : null;
        var system = LegionActorSystem.Create("legion", new LegionRuntimeSetup
        {
            Clock = ownRunner is not null && nodeOptions.TimeProvider == TimeProvider.System ? ownRunner.Clock : nodeOptions.TimeProvider,
            Runner = nodeOptions.Runner ?? ownRunner,
            LoggerFactory = nodeOptions.LoggerFactory,
        }, ConfigurationFactory.ParseString(
            $"akka.coordinated-shutdown.phases.{CoordinatedShutdown.PhaseBeforeActorSystemTerminate}.timeout = {(long)LeaveTimeout(options).TotalMilliseconds}ms"));
        if (ownRunner is not null)
        {
            // The thread ends once nothing can run on it any more.
            _ = system.WhenTerminated.ContinueWith(_ => ownRunner.Dispose(), TaskScheduler.Default);
        }
        try
        {
            return await StartNodeAsync(system, ownsSystem: true, options, nodeOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts every legion of <paramref name="options"/> inside an existing actor system (an application's own) and
    /// returns once each socket is bound: the legions' actors run under <c>/user/legions</c> on the legion dispatcher
    /// (a dedicated thread), read time through <see cref="LegionRuntime"/> and never replace the system's scheduler.
    /// Stopping the node leaves its legions and stops their actors; the system keeps running. When the system shuts
    /// down, the legions leave in its <see cref="CoordinatedShutdown"/> (see <see cref="LegionExtension"/>).
    /// </summary>
    /// <param name="system">The application's running system.</param>
    /// <param name="options">Validated configuration with at least one legion, none of them already running in <paramref name="system"/>.</param>
    /// <param name="nodeOptions">
    /// Actions, identity, logging; null for production defaults. The first start in a system fixes the clock and the
    /// logger factory of its legion actors (<see cref="LegionRuntime"/>; a system made by
    /// <see cref="LegionActorSystem.Create"/> has them from its setup); a later start asking for another clock, or any
    /// start asking for a <see cref="LegionNodeOptions.Runner"/> the system was not made with, is refused.
    /// </param>
    /// <param name="cancellationToken">Cancels the start (what started is stopped).</param>
    /// <returns>The running node.</returns>
    /// <exception cref="LegionStartException">A legion's socket could not be bound; nothing of this start keeps running.</exception>
    /// <exception cref="InvalidOperationException">A legion of that name already runs in the system, or the system is shutting down.</exception>
    /// <exception cref="ArgumentException">A cipher name is not supported, or the clock or runner cannot be had in this system.</exception>
    public static Task<LegionNode> StartInAsync(ActorSystem system, LegionOptions options, LegionNodeOptions? nodeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        nodeOptions ??= new LegionNodeOptions();
        // No factory given: the legion logs as the application's own actors do, on its EventStream.
        var loggerFactory = nodeOptions.LoggerFactory is NullLoggerFactory ? null : nodeOptions.LoggerFactory;
        var runtime = LegionRuntime.GetOrCreate(system, new LegionRuntimeSetup { Clock = nodeOptions.TimeProvider, LoggerFactory = loggerFactory });
        if (nodeOptions.TimeProvider != TimeProvider.System && !ReferenceEquals(runtime.Clock, nodeOptions.TimeProvider))
        {
            throw new ArgumentException($"the legions of the actor system '{system.Name}' already read another clock (LegionRuntime.Clock): one clock per system", nameof(nodeOptions));
        }
        if (nodeOptions.Runner is { } runner && !ReferenceEquals(runtime.Runner, runner))
        {
            throw new ArgumentException($"the actor system '{system.Name}' was not made with this mailbox runner: pass it in LegionRuntimeSetup to LegionActorSystem.Create", nameof(nodeOptions));
        }
        return StartNodeAsync(system, ownsSystem: false, options, nodeOptions, cancellationToken);
    }

    private static async Task<LegionNode> StartNodeAsync(ActorSystem system, bool ownsSystem, LegionOptions options, LegionNodeOptions nodeOptions, CancellationToken cancellationToken)
    {
        var extension = LegionExtension.Get(system);
        var names = options.Legions.Select(l => l.Name).ToList();
        var alarms = new LegionAlarms(options.Alarms, nodeOptions.AlarmKinds, nodeOptions.TimeProvider, options.AlarmFrequency);
        CheckLordOnlyActors(options, nodeOptions.LordOnlyActors);
        var settings = options.Legions.ToDictionary(l => l.Name, l => LegionSettings.Create(options, l,
            new NodeIdentity(nodeOptions.HostName, nodeOptions.ProcessId, l.Valor, nodeOptions.UuidFactory()),
            nodeOptions.Actions, nodeOptions.Signals, alarms, nodeOptions.HealthRunner, extension.Settings) with
        {
            LordOnlyActors = nodeOptions.LordOnlyActors.Where(a => a.Legion == l.Name).ToList(),
        });
        extension.Reserve(names);
        // Lives as long as the node; attached before any legion can fire.
        var onEvent = nodeOptions.OnEvent is { } handler ? system.Subscribe(handler) : null;
        var supervisors = new Dictionary<string, IActorRef>();
        var endPoints = new Dictionary<string, EndPoint>();
        try
        {
            var guardian = extension.Guardian;
            foreach (var legion in options.Legions)
            {
                var started = await guardian.Ask<LegionStarted>(new StartLegion(settings[legion.Name]), nodeOptions.StartTimeout, cancellationToken).ConfigureAwait(false);
                supervisors[legion.Name] = started.Supervisor;
            }
            foreach (var legion in options.Legions)
            {
                try
                {
                    var ready = await supervisors[legion.Name].Ask<LegionReady>(AwaitReady.Instance, nodeOptions.StartTimeout, cancellationToken).ConfigureAwait(false);
                    endPoints[legion.Name] = ready.LocalEndPoint;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new LegionStartException(legion.Name, legion.Address.ToString(), ex);
                }
            }
        }
        catch
        {
            onEvent?.Dispose();
            if (!ownsSystem)
            {
                await StopActorsAsync(supervisors.Values).ConfigureAwait(false);
            }
            extension.Complete(names, null);
            throw;
        }
        var node = new LegionNode(system, ownsSystem, options, supervisors, settings, endPoints, onEvent) { Signals = nodeOptions.Signals };
        extension.Complete(names, node);
        if (!ownsSystem)
        {
            WarnIfShutdownTooShort(system, options);
        }
        return node;
    }

    /// <summary>Calls <paramref name="handler"/> for every event fired on this node (on the firing actor's thread: keep it short).</summary>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable Subscribe(Action<LegionEventFired> handler) => System.Subscribe(handler);

    /// <summary>Calls <paramref name="handler"/> when an action finishes (on the runner's thread: keep it short).</summary>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable SubscribeActions(Action<LegionActionCompleted> handler) => System.Subscribe(handler);

    /// <summary>A status snapshot of one legion.</summary>
    /// <exception cref="KeyNotFoundException">No legion of that name.</exception>
    public Task<LegionStatus> GetStatusAsync(string legion, CancellationToken cancellationToken = default) =>
        _supervisors[legion].Ask<LegionStatus>(GetLegionStatus.Instance, TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary>Status snapshots of every legion, in configuration order.</summary>
    public async Task<IReadOnlyList<LegionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var all = await Task.WhenAll(Legions.Select(l => GetStatusAsync(l, cancellationToken))).ConfigureAwait(false);
        return all;
    }

    /// <summary>How long the control methods wait for the legion to answer: 5 s.</summary>
    public static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sets, raises or lowers this node's valor in one legion at run time (uWSGI issue #100). Peers see the new
    /// identity at once and the old one's death right after it, so no ghost member is left; a Lord that can no
    /// longer win gives up lordship first (its <c>unlord</c> actions finish before peers hear of the change).
    /// Cancels a step-down in progress. The request applies to the base valor (the configured one or the latest set
    /// here); while <c>legion-health</c> checks fail, their penalties stay applied on top of the new base (see
    /// <see cref="HealthValor"/>), and the outcome's message says what is announced.
    /// </summary>
    /// <param name="legion">Legion name.</param>
    /// <param name="request">The change; the new base valor must stay within 0..65535.</param>
    /// <param name="cancellationToken">Cancels the wait (not the change once made).</param>
    /// <returns>Accepted with the new identity, or refused with the reason (out of range, leaving).</returns>
    /// <exception cref="KeyNotFoundException">No legion of that name.</exception>
    /// <exception cref="AskTimeoutException">The legion did not answer within <see cref="ControlTimeout"/>.</exception>
    public Task<ControlOutcome> ChangeValorAsync(string legion, ValorRequest request, CancellationToken cancellationToken = default) =>
        _supervisors[legion].Ask<ControlOutcome>(new ChangeValor(request), ControlTimeout, cancellationToken);

    /// <summary>
    /// Steps down as the Lord of one legion, as MongoDB's <c>rs.stepDown()</c>: this node gives up lordship, runs
    /// its <c>unlord</c> actions, then announces itself as an arbiter (valor 0) for <paramref name="period"/> so
    /// the best other member takes over, and afterwards returns to its valor (winning lordship back if that is
    /// still the highest).
    /// </summary>
    /// <param name="legion">Legion name.</param>
    /// <param name="period">How long to stay out of the running; default <see cref="Handover.DefaultStepDownPeriod"/> (60 s).</param>
    /// <param name="force">Step down even when no other member could take over (the legion then has no Lord).</param>
    /// <param name="cancellationToken">Cancels the wait (not the step-down once made).</param>
    /// <returns>Accepted, or refused: not the Lord, no successor (without <paramref name="force"/>), leaving.</returns>
    /// <exception cref="KeyNotFoundException">No legion of that name.</exception>
    /// <exception cref="AskTimeoutException">The legion did not answer within <see cref="ControlTimeout"/>.</exception>
    public Task<ControlOutcome> StepDownAsync(string legion, TimeSpan? period = null, bool force = false, CancellationToken cancellationToken = default) =>
        _supervisors[legion].Ask<ControlOutcome>(new StepDown(period ?? Handover.DefaultStepDownPeriod, force), ControlTimeout, cancellationToken);

    /// <summary>
    /// Replaces this node's scroll in one legion and announces it at once (null or empty removes it). Nodes of this
    /// project see it with that announce; uWSGI 2.0 keeps the scroll a member had when it joined, so uWSGI peers
    /// only see it once they re-add this node (after a valor change, say).
    /// </summary>
    /// <param name="legion">Legion name.</param>
    /// <param name="scroll">The new scroll text (UTF-8 on the wire), or null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Accepted, or refused while leaving.</returns>
    /// <exception cref="KeyNotFoundException">No legion of that name.</exception>
    /// <exception cref="ArgumentException">The scroll is longer than <see cref="LegionOptions.ScrollMaxSize"/> bytes.</exception>
    /// <exception cref="AskTimeoutException">The legion did not answer within <see cref="ControlTimeout"/>.</exception>
    public Task<ControlOutcome> ReplaceScrollAsync(string legion, string? scroll, CancellationToken cancellationToken = default)
    {
        var supervisor = _supervisors[legion];
        byte[]? bytes = string.IsNullOrEmpty(scroll) ? null : Encoding.UTF8.GetBytes(scroll);
        if (bytes is not null && bytes.Length > Options.ScrollMaxSize)
        {
            throw new ArgumentException($"the scroll is {bytes.Length} bytes, longer than legion-scroll-max-size ({Options.ScrollMaxSize})", nameof(scroll));
        }
        return supervisor.Ask<ControlOutcome>(new ReplaceScroll(bytes), ControlTimeout, cancellationToken);
    }

    /// <summary>
    /// The name of the <see cref="CoordinatedShutdown"/> task that leaves every legion of the node (stop announcing,
    /// run the <c>death</c> actions, send the death announce), in phase <c>before-actor-system-terminate</c>: after the
    /// phases in which an application's services and Akka.Cluster stop, so work that depends on this node's lordship
    /// has stopped before peers hear of its death.
    /// </summary>
    public const string LeaveTaskName = "legion-leave";

    /// <summary>
    /// Leaves every legion of the node (stop announcing, run <c>death</c> actions, send the death announce). When the
    /// node owns its system (<see cref="OwnsSystem"/>), by running the system's <see cref="CoordinatedShutdown"/> (task
    /// <see cref="LeaveTaskName"/>), which then stops the system; the same happens when anything else runs it or
    /// terminates <see cref="System"/>. In an application's system, the legions leave, their actors stop, and the system
    /// keeps running. Idempotent. Waits at most the action timeout plus 5 s for the legions to leave (a legion that
    /// cannot say goodbye in that time expires on its peers), plus, for an own system, Akka's own phases.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait, not the shutdown.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (OwnsSystem)
        {
            await CoordinatedShutdown.Get(System).Run(NodeStopped.Instance).WaitAsync(cancellationToken).ConfigureAwait(false);
            await System.WhenTerminated.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        Task stopped;
        lock (_gate)
        {
            stopped = _stopped ??= StopInApplicationSystemAsync();
        }
        await stopped.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StopInApplicationSystemAsync()
    {
        await LeaveAsync().ConfigureAwait(false);
        await StopActorsAsync(_supervisors.Values).ConfigureAwait(false);
        _onEvent?.Dispose();
        LegionExtension.Get(System).Remove(this);
    }

    /// <summary>Leaves every legion of the node (idempotent; the supervisors answer at once once they have left).</summary>
    internal Task LeaveAsync() => LeaveAsync(_supervisors.Values, LeaveTimeout(Options));

    /// <summary>
    /// The time the legions of <paramref name="options"/> get to leave: the action timeout (for the <c>death</c>
    /// actions) plus 5 s. A system that runs them should give its <c>before-actor-system-terminate</c> shutdown phase at
    /// least this long.
    /// </summary>
    /// <param name="options">The node's configuration.</param>
    /// <returns>The time.</returns>
    public static TimeSpan LeaveTimeout(LegionOptions options) => options.ActionTimeout + TimeSpan.FromSeconds(5);

    private static async Task LeaveAsync(IEnumerable<IActorRef> supervisors, TimeSpan timeout)
    {
        await Task.WhenAll(supervisors.Select(async s =>
        {
            try
            {
                await s.Ask<LeftLegion>(LeaveLegion.Instance, timeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AskTimeoutException or OperationCanceledException)
            {
                // Shutting down regardless: a legion that cannot say goodbye expires on its peers.
            }
        })).ConfigureAwait(false);
    }

    private static async Task StopActorsAsync(IEnumerable<IActorRef> supervisors)
    {
        await Task.WhenAll(supervisors.Select(async s =>
        {
            try
            {
                await s.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TaskCanceledException or OperationCanceledException)
            {
                // Stopped regardless; it is no longer waited for.
            }
        })).ConfigureAwait(false);
    }

    private static void CheckLordOnlyActors(LegionOptions options, IReadOnlyList<LordOnlyActorSpec> actors)
    {
        foreach (var actor in actors)
        {
            actor.Validate();
            if (!options.Legions.Any(l => l.Name == actor.Legion))
            {
                throw new ArgumentException($"lord-only actor '{actor.Name}' names legion '{actor.Legion}', which is not configured", nameof(actors));
            }
        }
        if (actors.GroupBy(a => (a.Legion, a.Name)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"two lord-only actors of legion '{twice.Key.Legion}' are named '{twice.Key.Name}'", nameof(actors));
        }
    }

    /// <summary>
    /// The stable ref of a lord-only actor (<see cref="LegionNodeOptions.LordOnlyActors"/>): its manager, which forwards
    /// every message to the actor while this node is Lord and sends it to dead letters otherwise.
    /// </summary>
    /// <param name="legion">Legion name.</param>
    /// <param name="name">The actor's <see cref="LordOnlyActorSpec.Name"/>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The manager's ref.</returns>
    /// <exception cref="KeyNotFoundException">No legion of that name.</exception>
    /// <exception cref="ActorNotFoundException">No lord-only actor of that name in the legion.</exception>
    public async Task<IActorRef> LordOnlyActorAsync(string legion, string name, CancellationToken cancellationToken = default)
    {
        var supervisor = _supervisors[legion];
        var manager = _settings[legion].LordOnlyActors.FirstOrDefault(a => a.Name == name)
            ?? throw new ActorNotFoundException($"no lord-only actor '{name}' in legion '{legion}'", null);
        return await System.ActorSelection(supervisor.Path / manager.ManagerName).ResolveOne(ControlTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// In an application's system the legions leave within its <c>before-actor-system-terminate</c> phase, whose timeout
    /// the application chose: say so when it is shorter than the death actions may take.
    /// </summary>
    private static void WarnIfShutdownTooShort(ActorSystem system, LegionOptions options)
    {
        var config = system.Settings.Config;
        var phase = $"akka.coordinated-shutdown.phases.{CoordinatedShutdown.PhaseBeforeActorSystemTerminate}.timeout";
        var timeout = config.HasPath(phase) ? config.GetTimeSpan(phase) : config.GetTimeSpan("akka.coordinated-shutdown.default-phase-timeout", TimeSpan.FromSeconds(5));
        if (timeout < LeaveTimeout(options))
        {
            LegionRuntime.Get(system).LoggerFactory.CreateLogger("Legion.Hosting").LogWarning(
                "At shutdown of actor system {System}, legions get {Timeout} to leave ({Phase}), less than legion-action-timeout + 5 s ({Needed}): death actions may be cut short; raise {Setting}",
                system.Name, timeout, CoordinatedShutdown.PhaseBeforeActorSystemTerminate, LeaveTimeout(options), phase);
        }
    }

    /// <summary>The <see cref="CoordinatedShutdown.Reason"/> of <see cref="StopAsync"/>.</summary>
    public sealed class NodeStopped : CoordinatedShutdown.Reason
    {
        private NodeStopped()
        {
        }

        /// <summary>The one instance.</summary>
        public static NodeStopped Instance { get; } = new();

        /// <summary>0: a deliberate stop (used only where Akka's <c>exit-clr</c> is on, never by this project).</summary>
        public override int ExitCode => 0;

        /// <inheritdoc />
        public override string ToString() => "LegionNode.StopAsync";
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
