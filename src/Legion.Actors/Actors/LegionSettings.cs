using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Actors.Runtime;

namespace Legion.Actors.Actors;

/// <summary>
/// Everything a <see cref="LegionSupervisor"/> needs to run one legion on this node. Immutable; the
/// cipher instance is shared read-only by the transport actor alone.
/// </summary>
public sealed record LegionSettings
{
    /// <summary>
    /// The settings of one legion of a node, built from the node's options: the one place they are built, for the
    /// host, <see cref="Hosting.LegionNode"/> and the simulation alike, so none of them can miss a setting.
    /// </summary>
    /// <param name="options">The node's options (timings, sizes, death on lord error, signal handlers, multicast).</param>
    /// <param name="legion">The legion, one of <paramref name="options"/>' legions.</param>
    /// <param name="self">This node's identity in it.</param>
    /// <param name="actions">The action kinds this node runs.</param>
    /// <param name="signals">The node's signal bus.</param>
    /// <param name="alarms">The node's alarms (built from <see cref="LegionOptions.Alarms"/>).</param>
    /// <param name="healthRunner">Runs the legion's health checks.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">The legion's cipher is not supported.</exception>
    /// <param name="tunables">The internal tunables of the system the legion runs in; null for <see cref="LegionExtensionSettings.Default"/>.</param>
    public static LegionSettings Create(LegionOptions options, LegionDefinition legion, NodeIdentity self, LegionActionRegistry actions,
        LegionSignalBus signals, LegionAlarms alarms, Health.IHealthCheckRunner healthRunner, LegionExtensionSettings? tunables = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(legion);
        return new LegionSettings
        {
            Definition = legion,
            Self = self,
            // One cipher per run, as each process builds its own (an authenticated one numbers its datagrams).
            Cipher = LegionCipher.Create(legion.Cipher, legion.Secret, legion.Iv, legion.Name),
            NextCipher = legion.NextSecret is null ? null : LegionCipher.Create(legion.Cipher, legion.NextSecret, legion.Iv, legion.Name),
            Frequency = options.Frequency,
            Tolerance = options.Tolerance,
            SkewTolerance = options.SkewTolerance,
            ActionTimeout = options.ActionTimeout,
            Actions = actions,
            MulticastTtl = options.MulticastTtl,
            MulticastLoop = options.MulticastLoop,
            Scroll = legion.Scroll is null ? (ReadOnlyMemory<byte>?)null : System.Text.Encoding.UTF8.GetBytes(legion.Scroll),
            DeathOnLordError = options.DeathOnLordError,
            ScrollMaxSize = options.ScrollMaxSize,
            ScrollListMaxSize = options.ScrollListMaxSize,
            Signals = signals,
            Alarms = alarms,
            SignalHandlers = options.SignalHandlers,
            HealthRunner = healthRunner,
            Tunables = tunables ?? LegionExtensionSettings.Default,
        };
    }

    /// <summary>The legion as configured.</summary>
    public required LegionDefinition Definition { get; init; }

    /// <summary>This node's identity in the legion (host name, pid, valor, run uuid).</summary>
    public required NodeIdentity Self { get; init; }

    /// <summary>The cipher built from <see cref="LegionDefinition.Cipher"/> and its secret.</summary>
    public required ILegionCipher Cipher { get; init; }

    /// <summary>
    /// A second cipher whose datagrams are accepted too (key rotation, <c>legion-secret-next</c>); announces are
    /// always sealed with <see cref="Cipher"/>. Null when no next secret is configured.
    /// </summary>
    public ILegionCipher? NextCipher { get; init; }

    /// <summary>True in the authenticated protocol mode (an AEAD cipher): replays and future-dated announces are dropped.</summary>
    public bool Authenticated => Cipher is IAuthenticatedLegionCipher;

    /// <summary>Interval between announces (<c>legion-freq</c>, default 3 s).</summary>
    public TimeSpan Frequency { get; init; } = LegionOptions.DefaultFrequency;

    /// <summary>Silence after which a member leaves (<c>legion-tolerance</c>, default 15 s).</summary>
    public TimeSpan Tolerance { get; init; } = LegionOptions.DefaultTolerance;

    /// <summary>Maximum age of an announce's timestamp (<c>legion-skew-tolerance</c>, default 30 s).</summary>
    public TimeSpan SkewTolerance { get; init; } = LegionOptions.DefaultSkewTolerance;

    /// <summary>Longest run of one action before it is killed (default 60 s).</summary>
    public TimeSpan ActionTimeout { get; init; } = LegionOptions.DefaultActionTimeout;

    /// <summary>TTL of multicast announces (uWSGI's <c>multicast-ttl</c>, default 1).</summary>
    public int MulticastTtl { get; init; } = 1;

    /// <summary>Whether multicast announces loop back to this host (uWSGI's <c>multicast-loop</c>, default on).</summary>
    public bool MulticastLoop { get; init; } = true;

    /// <summary>The action kinds available to this legion's events.</summary>
    public LegionActionRegistry Actions { get; init; } = LegionActionRegistry.CreateDefault();

    /// <summary>The legion's name (shortcut for <see cref="Definition"/>.Name).</summary>
    public string Name => Definition.Name;

    /// <summary>This node's scroll bytes (UTF-8 of <c>legion-scroll</c>), or null.</summary>
    public ReadOnlyMemory<byte>? Scroll { get; init; }

    /// <summary>
    /// After a <c>lord</c> action fails, the node announces its death and stays out of the legion this long
    /// (<c>legion-death-on-lord-error</c>); zero (the default) turns it off.
    /// </summary>
    public TimeSpan DeathOnLordError { get; init; }

    /// <summary>The longest scroll adopted as the Lord scroll, in bytes (<c>legion-scroll-max-size</c>, default 4096).</summary>
    public int ScrollMaxSize { get; init; } = LegionOptions.DefaultScrollMaxSize;

    /// <summary>The scroll list's limit in bytes (<c>legion-scroll-list-max-size</c>, default 32768).</summary>
    public long ScrollListMaxSize { get; init; } = LegionOptions.DefaultScrollListMaxSize;

    /// <summary>The node's signal bus, where <c>signal:N</c> actions raise their signal. Default: a bus of this legion alone.</summary>
    public LegionSignalBus Signals { get; init; } = new();

    /// <summary>The node's alarms, raised by <c>alarm:NAME MESSAGE</c> actions. Default none.</summary>
    public LegionAlarms Alarms { get; init; } = LegionAlarms.None;

    /// <summary>Actions run when this legion's actions raise a signal (<c>legion-signal-handler</c>). Default none.</summary>
    public IReadOnlyList<LegionSignalHandlerSpec> SignalHandlers { get; init; } = [];

    /// <summary>
    /// Actors that run on this node only while it is the Lord of this legion, each under a
    /// <see cref="LordOnlyActorManager"/> child of the supervisor. Default none.
    /// </summary>
    public IReadOnlyList<LordOnlyActorSpec> LordOnlyActors { get; init; } = [];

    /// <summary>Runs the legion's <c>legion-health</c> checks. Default: the real one, <see cref="Health.HealthCheckRunner.Default"/>.</summary>
    public Health.IHealthCheckRunner HealthRunner { get; init; } = Health.HealthCheckRunner.Default;

    /// <summary>
    /// The internal tunables of the system the legion runs in (<c>legion.*</c> in its config over this library's
    /// <c>reference.conf</c>): socket buffer and backlog, log budgets, warm-up and claim-fence factors. Default
    /// <see cref="LegionExtensionSettings.Default"/>; <see cref="Hosting.LegionNode"/> sets the system's own.
    /// </summary>
    public LegionExtensionSettings Tunables { get; init; } = LegionExtensionSettings.Default;

    /// <summary>
    /// No election round runs this long after start: <see cref="LegionExtensionSettings.WarmUpPeriods"/> frequencies
    /// (default 2): see <see cref="Model.ElectionStep"/>.
    /// </summary>
    public TimeSpan WarmUp => Frequency * Tunables.WarmUpPeriods;

    /// <summary>Extension keys every announce of this node carries (the application <c>version</c>, when declared).</summary>
    public IReadOnlyDictionary<string, string> AnnounceExtensions =>
        Definition.Version is { } version
            ? new Dictionary<string, string> { [Model.VersionFence.VersionKey] = version }
            : NoExtensions;

    private static readonly IReadOnlyDictionary<string, string> NoExtensions = new Dictionary<string, string>();

    /// <summary>
    /// The claim fence's length past a silent Lord's tolerance: <see cref="Model.ClaimFence.Duration"/> of the frequency
    /// and <see cref="LegionExtensionSettings.ClaimFencePeriods"/> (default 1.25 periods).
    /// </summary>
    public TimeSpan ClaimFence => Model.ClaimFence.Duration(Frequency, Tunables.ClaimFencePeriods);

    /// <summary>What the election step reads of these settings (<see cref="Model.ElectionStep"/>).</summary>
    internal ElectionTerms ElectionTerms => new(
        Name, Self, Definition.Quorum, Scroll, ScrollMaxSize, Definition.LordLease, Tolerance, SkewTolerance, ClaimFence, WarmUp,
        Definition.Version, Definition.LeaveWhenOutdated, DeathOnLordError);
}
