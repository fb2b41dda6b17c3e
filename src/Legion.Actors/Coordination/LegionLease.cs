using Akka.Actor;
using Akka.Configuration;
using Akka.Coordination;

namespace Legion.Actors.Coordination;

/// <summary>
/// An Akka.Coordination <see cref="Lease"/> held by the Lord of a legion running in the same ActorSystem: Akka.Cluster's
/// Cluster Singleton (<c>akka.cluster.singleton.use-lease</c>) and split brain resolver (<c>lease-majority</c>) can use
/// the legion's Lord as the lease holder, with no Kubernetes API and no database, and with uWSGI 2.0 servers as
/// members (and possible Lords) of the same legion. Akka.NET's <see cref="LeaseProvider"/> makes it from a config
/// section (<see cref="LegionLeaseSettings.DefaultConfigPath"/>, keys in <see cref="DefaultConfig"/>):
/// <code>
/// akka.cluster.singleton.use-lease = "legion.lease"
/// legion.lease.legion = "web"
/// </code>
/// Semantics:
/// <list type="bullet">
/// <item><see cref="Acquire()"/> is true only while this node does the legion's Lord-only work: it is the Lord, its
/// <c>lord</c> actions have finished, and it is neither suspended nor leaving (<c>LegionStatus.LordWork</c>); false
/// otherwise, at once (no waiting for lordship).</item>
/// <item>The lease is lost (the <c>leaseLostCallback</c> fires, once, with a <see cref="LeaseException"/> saying why)
/// when this node stops being Lord (unlord, step-down, a higher valor, lost quorum, suspension), leaves the legion, or
/// the legion stops.</item>
/// <item><see cref="CheckLease"/> is true from a successful acquire until the lease is lost or released.</item>
/// <item><see cref="Release"/> drops this owner's hold and hands nothing over: the lordship belongs to the legion.
/// Stepping down there would flap: Cluster Singleton releases whenever it leaves its <c>Oldest</c> state, and a
/// stepped-down Lord claims again when its step-down period ends. Hand lordship over with
/// <c>LegionNode.StepDownAsync</c>, a valor change, or by leaving the legion.</item>
/// <item>Who holds the lease is decided by the legion node's own identity (valor, uuid), not by
/// <see cref="LeaseSettings.OwnerName"/> or the lease name: every lease backed by one legion is held by its Lord.</item>
/// </list>
/// Thread-safe. Each instance has an actor of its own (a <c>LeaseKeeper</c> under <c>/system</c>).
/// </summary>
public sealed class LegionLease : Lease
{
    private static readonly Lazy<Config> Defaults = new(() => ConfigurationFactory.ParseString(ReadDefaults()));
    private static int s_instances;
    private readonly LeaseHeld _held = new();
    private readonly IActorRef _keeper;

    /// <summary>Made by Akka.NET's <see cref="LeaseProvider"/> (constructor shape <c>(LeaseSettings, ExtendedActorSystem)</c>).</summary>
    /// <param name="settings">The lease's name, owner and config section.</param>
    /// <param name="system">The system the legion runs in.</param>
    /// <exception cref="ConfigurationException">The section's <c>legion</c> is missing or empty, or <c>lease-operation-timeout</c> is not positive.</exception>
    public LegionLease(LeaseSettings settings, ExtendedActorSystem system)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        LegionSettings = LegionLeaseSettings.Create(settings);
        _keeper = system.SystemActorOf(LeaseKeeper.Props(LegionSettings.Legion, settings.LeaseName, _held),
            $"legion-lease-{Interlocked.Increment(ref s_instances)}");
    }

    /// <summary>What this lease read from its config section: the legion and the operation timeout.</summary>
    public LegionLeaseSettings LegionSettings { get; }

    /// <summary>
    /// This library's <c>lease.conf</c>, parsed: the <c>legion.lease</c> section (<c>lease-class</c>, <c>legion</c>,
    /// <c>lease-operation-timeout</c>, and Akka.Coordination's heartbeat keys, unused here), each key commented with
    /// unit and default. Add it as a fallback of a system's config (<c>config.WithFallback(LegionLease.DefaultConfig())</c>)
    /// so that <c>use-lease = "legion.lease"</c> finds the lease class; a system running a legion has it already
    /// (<c>LegionExtension</c> injects it).
    /// </summary>
    /// <returns>The defaults.</returns>
    public static Config DefaultConfig() => Defaults.Value;

    /// <summary>Same as <see cref="Acquire(Action{Exception})"/> without a lost callback.</summary>
    /// <returns>True when held; false when this node does not do the legion's Lord-only work now.</returns>
    /// <exception cref="LeaseException">The legion does not run in this system (the message names the setting).</exception>
    /// <exception cref="LeaseTimeoutException">No answer within <see cref="LegionLeaseSettings.OperationTimeout"/>.</exception>
    public override Task<bool> Acquire() => AskAsync(new AcquireLease(null));

    /// <summary>
    /// Takes the lease if this node does the legion's Lord-only work now; true then (again if already held), false
    /// otherwise, at once. <paramref name="leaseLostCallback"/> is called once, on the lease's actor, if the lease is
    /// lost while held; a later acquire replaces it.
    /// </summary>
    /// <param name="leaseLostCallback">Called with a <see cref="LeaseException"/> saying why the lease was lost; keep it short.</param>
    /// <returns>True when held.</returns>
    /// <exception cref="LeaseException">The legion does not run in this system (the message names the setting).</exception>
    /// <exception cref="LeaseTimeoutException">No answer within <see cref="LegionLeaseSettings.OperationTimeout"/>.</exception>
    public override Task<bool> Acquire(Action<Exception> leaseLostCallback) => AskAsync(new AcquireLease(leaseLostCallback));

    /// <summary>
    /// Drops this owner's hold: <see cref="CheckLease"/> is false afterwards and the lost callback will not fire. The
    /// lordship is not handed over (see the class remarks). Idempotent.
    /// </summary>
    /// <returns>True: nothing is held by this owner any more.</returns>
    /// <exception cref="LeaseTimeoutException">No answer within <see cref="LegionLeaseSettings.OperationTimeout"/>.</exception>
    public override async Task<bool> Release()
    {
        await AskAsync(ReleaseLease.Instance).ConfigureAwait(false);
        return true;
    }

    /// <summary>True from a successful acquire until the lease is lost or released; answers at once, from any thread.</summary>
    public override bool CheckLease() => _held.Value;

    private async Task<bool> AskAsync(object request)
    {
        LeaseAnswer answer;
        try
        {
            answer = await _keeper.Ask<LeaseAnswer>(request, LegionSettings.OperationTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException ex)
        {
            throw new LeaseTimeoutException(
                $"lease {Settings.LeaseName}: legion '{LegionSettings.Legion}' did not answer within {LegionSettings.OperationTimeout} (lease-operation-timeout)", ex);
        }
        return answer.Refusal is { } refusal ? throw new LeaseException($"lease {Settings.LeaseName}: {refusal}") : answer.Held;
    }

    private static string ReadDefaults()
    {
        using var stream = typeof(LegionLease).Assembly.GetManifestResourceStream("Legion.Actors.Coordination.lease.conf")
            ?? throw new InvalidOperationException("Legion.Actors.Coordination.lease.conf is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
