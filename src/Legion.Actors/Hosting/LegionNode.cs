using System.Net;
using System.Text;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Kernel;
using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Hosting;

/// <summary>
/// A running node: one actor system holding every configured legion (<c>legions</c> →
/// <c>legion-&lt;name&gt;</c>). Start it with <see cref="StartAsync"/>, observe it with
/// <see cref="Subscribe"/> and <see cref="GetStatusAsync(CancellationToken)"/>, and stop it with
/// <see cref="StopAsync"/>, which runs each legion's <c>death</c> actions and sends its death
/// announce, as uWSGI does at shutdown. Thread-safe.
/// </summary>
public sealed class LegionNode : IAsyncDisposable
{
    private readonly Dictionary<string, IActorRef> _supervisors;
    private readonly Dictionary<string, LegionSettings> _settings;
    private int _stopped;

    private LegionNode(ActorSystem system, LegionOptions options, Dictionary<string, IActorRef> supervisors,
        Dictionary<string, LegionSettings> settings, Dictionary<string, EndPoint> endPoints)
    {
        System = system;
        Options = options;
        _supervisors = supervisors;
        _settings = settings;
        LocalEndPoints = endPoints;
    }

    /// <summary>The actor system ("legion") the node runs on.</summary>
    public ActorSystem System { get; }

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

    /// <summary>
    /// Starts every legion of <paramref name="options"/> and returns once each socket is bound.
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
        var alarms = new LegionAlarms(options.Alarms, nodeOptions.AlarmKinds, nodeOptions.TimeProvider, options.AlarmFrequency);
        var settings = options.Legions.ToDictionary(l => l.Name, l => new LegionSettings
        {
            Definition = l,
            Self = new NodeIdentity(nodeOptions.HostName, nodeOptions.ProcessId, l.Valor, nodeOptions.UuidFactory()),
            Cipher = LegionCipher.Create(l.Cipher, l.Secret, l.Iv),
            Frequency = options.Frequency,
            Tolerance = options.Tolerance,
            SkewTolerance = options.SkewTolerance,
            ActionTimeout = options.ActionTimeout,
            Actions = nodeOptions.Actions,
            MulticastTtl = options.MulticastTtl,
            MulticastLoop = options.MulticastLoop,
            Scroll = l.Scroll is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(l.Scroll),
            DeathOnLordError = options.DeathOnLordError,
            ScrollMaxSize = options.ScrollMaxSize,
            ScrollListMaxSize = options.ScrollListMaxSize,
            Signals = nodeOptions.Signals,
            Alarms = alarms,
            SignalHandlers = options.SignalHandlers,
        });

        var system = ActorSystem.Create("legion", new ActorSystemSettings
        {
            TimeProvider = nodeOptions.TimeProvider,
            Dispatcher = nodeOptions.Dispatcher,
            LoggerFactory = nodeOptions.LoggerFactory,
        });
        var guardian = system.ActorOf(LegionsGuardian.Props(), "legions");
        var supervisors = new Dictionary<string, IActorRef>();
        var endPoints = new Dictionary<string, EndPoint>();
        try
        {
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
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
        return new LegionNode(system, options, supervisors, settings, endPoints) { Signals = nodeOptions.Signals };
    }

    /// <summary>Calls <paramref name="handler"/> for every event fired on this node (on the firing actor's thread: keep it short).</summary>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable Subscribe(Action<LegionEventFired> handler) => System.EventStream.Subscribe(handler);

    /// <summary>Calls <paramref name="handler"/> when an action finishes (on the runner's thread: keep it short).</summary>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable SubscribeActions(Action<LegionActionCompleted> handler) => System.EventStream.Subscribe(handler);

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

    /// <summary>
    /// Leaves every legion (stop announcing, run <c>death</c> actions, send the death announce) and
    /// stops the actor system. Idempotent. Waits at most the action timeout plus 5 s per legion.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            await System.WhenTerminated.ConfigureAwait(false);
            return;
        }
        var leaveTimeout = Options.ActionTimeout + TimeSpan.FromSeconds(5);
        var leaving = _supervisors.Values.Select(async s =>
        {
            try
            {
                await s.Ask<LeftLegion>(LeaveLegion.Instance, leaveTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AskTimeoutException or OperationCanceledException)
            {
                // Shutting down regardless: a legion that cannot say goodbye expires on its peers.
            }
        });
        await Task.WhenAll(leaving).ConfigureAwait(false);
        await System.Terminate().ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
