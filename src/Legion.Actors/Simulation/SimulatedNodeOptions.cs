using Akka.Actor;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Runtime;

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

    /// <summary>
    /// Your actors that run on this node only while it is Lord of its legion, as <c>WithLordOnlyActor&lt;TKey&gt;</c>
    /// runs them in an application (started once the <c>lord</c> actions finished, told the spec's termination message
    /// at <c>unlord</c>, a step-down or the node's exit; a crash kills them with the node). Each spec's
    /// <see cref="LordOnlyActorSpec.Legion"/> must be this node's legion and its name unique on the node. <b>Default:</b> none.
    /// </summary>
    /// <remarks>
    /// Props that name no dispatcher run on <see cref="LegionDispatcher.Id"/>, the simulation's seeded one; children your
    /// actor creates must name it too (<c>props.WithDispatcher(LegionDispatcher.Id)</c>), since Akka.NET children do not
    /// inherit a dispatcher, and work on the thread pool or on real timers is outside the seed's control.
    /// </remarks>
    public IReadOnlyList<LordOnlyActorSpec> LordOnlyActors { get; init; } = [];

    /// <summary>
    /// Your actors started in each run's <see cref="ActorSystem"/> before the legion (so an actor that subscribes to the
    /// EventStream in its constructor or <c>PreStart</c> hears the <c>setup</c> event and every <see cref="LordChanged"/>),
    /// under <c>/user/&lt;name&gt;</c>; they die with the run. Names unique on the node. <b>Default:</b> none.
    /// The same dispatcher rule as for <see cref="LordOnlyActors"/> applies.
    /// </summary>
    public IReadOnlyList<SimulatedSubscriber> Subscribers { get; init; } = [];

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
