using Legion.Actors.Actions;
using Legion.Actors.Configuration;

namespace Legion.Actors.Simulation;

/// <summary>
/// How one simulated node is configured, beyond its legion and valor (see <see cref="LegionSimulation.AddNode"/>).
/// Every property mirrors a uWSGI legion option and defaults to uWSGI's documented default. Immutable.
/// </summary>
public sealed record SimulatedNodeOptions
{
    /// <summary>Host name announced as <c>name</c>; default <c>node-N</c>, N the node's number in the simulation.</summary>
    public string? Name { get; init; }

    /// <summary>Votes needed to elect a Lord (<c>legion-quorum</c>); default 0, so a lone node is quorate.</summary>
    public int Quorum { get; init; }

    /// <summary>Interval between announces (<c>legion-freq</c>); default 3 s, must be positive.</summary>
    public TimeSpan Frequency { get; init; } = LegionOptions.DefaultFrequency;

    /// <summary>Silence after which a member leaves (<c>legion-tolerance</c>); default 15 s, must be positive.</summary>
    public TimeSpan Tolerance { get; init; } = LegionOptions.DefaultTolerance;

    /// <summary>Maximum age of an announce's timestamp (<c>legion-skew-tolerance</c>); default 30 s, zero or more.</summary>
    public TimeSpan SkewTolerance { get; init; } = LegionOptions.DefaultSkewTolerance;

    /// <summary>Longest run of one action (extension <c>legion-action-timeout</c>); default 60 s.</summary>
    public TimeSpan ActionTimeout { get; init; } = LegionOptions.DefaultActionTimeout;

    /// <summary>
    /// Actions per event (<c>legion-lord</c>, ...); default none. Simulations stay deterministic with <c>log:</c>
    /// actions and with in-process kinds that complete synchronously (see <see cref="Actions"/>); <c>cmd:</c> and
    /// <c>exec:</c> start real processes, whose timing no seed controls.
    /// </summary>
    public IReadOnlyList<LegionActionSpec> EventActions { get; init; } = [];

    /// <summary>
    /// Makes the action registry of each run of the node (called again at every restart, so state kept in an
    /// action does not survive a crash); default <see cref="LegionActionRegistry.CreateDefault"/>. Register your
    /// own <see cref="ILegionAction"/> kinds here to put your Lord-dependent code under simulation.
    /// </summary>
    public Func<SimulatedNode, LegionActionRegistry>? Actions { get; init; }

    /// <summary>This node's scroll (<c>legion-scroll</c>); default none.</summary>
    public string? Scroll { get; init; }

    /// <summary>
    /// Cipher (OpenSSL name, as in <c>legion = ... CIPHER:SECRET</c>, or an authenticated one such as
    /// <c>aes-256-gcm</c>); default <c>aes-128-cbc</c>.
    /// </summary>
    public string Cipher { get; init; } = "aes-128-cbc";

    /// <summary>Shared secret; default <c>simulation</c>. A node with another secret cannot read the others.</summary>
    public string Secret { get; init; } = "simulation";

    /// <summary>A second secret accepted on receipt (extension <c>legion-secret-next</c>, key rotation); default none.</summary>
    public string? NextSecret { get; init; }

    /// <summary>
    /// Lord lease (extension <c>legion-lord-lease</c>): a Lord without an agreeing quorum for this long steps
    /// down even while members disagree; default none (uWSGI's behaviour).
    /// </summary>
    public TimeSpan? LordLease { get; init; }

    /// <summary>Application version announced for version fencing (extension <c>legion-version</c>); default none.</summary>
    public string? Version { get; init; }

    /// <summary>
    /// Health checks (extension <c>legion-health</c>, see <see cref="LegionHealthCheckSpec.Parse"/>); default none.
    /// Their timing (interval, timeout, rise/fall) runs on the node's virtual clock; what a run returns comes from
    /// <see cref="HealthRunner"/>.
    /// </summary>
    public IReadOnlyList<LegionHealthCheckSpec> HealthChecks { get; init; } = [];

    /// <summary>
    /// Makes the runner of the node's health checks for each run of the node; default the real
    /// <see cref="Health.HealthCheckRunner"/>, whose commands and connections run on real time. For a deterministic
    /// simulation return a runner that completes synchronously (a flag per node that the test flips, say).
    /// </summary>
    public Func<SimulatedNode, Health.IHealthCheckRunner>? HealthRunner { get; init; }

    /// <summary>Leave the legion on finding itself outdated (extension <c>legion-outdated-leave</c>); default false.</summary>
    public bool LeaveWhenOutdated { get; init; }

    /// <summary>
    /// How long a node whose <c>lord</c> action failed stays out of the legion (<c>legion-death-on-lord-error</c>,
    /// <see cref="LegionOptions.DeathOnLordError"/>). <b>Default:</b> zero (off).
    /// </summary>
    public TimeSpan DeathOnLordError { get; init; }

    /// <summary>
    /// Longest scroll adopted as the Lord scroll, in bytes (<c>legion-scroll-max-size</c>, 1..65535).
    /// <b>Default:</b> <see cref="LegionOptions.DefaultScrollMaxSize"/> (4096).
    /// </summary>
    public int ScrollMaxSize { get; init; } = LegionOptions.DefaultScrollMaxSize;
}
