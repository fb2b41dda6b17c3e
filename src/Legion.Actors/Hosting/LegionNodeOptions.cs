using Legion.Actors.Actions;
using Akka.Actor;
using Legion.Actors.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Hosting;

/// <summary>
/// How a <see cref="LegionNode"/> runs, apart from the legion configuration itself. Every property
/// has a production default; tests and simulations replace the clock, dispatcher and identity.
/// </summary>
public sealed record LegionNodeOptions
{
    /// <summary>Clock for timers, announces and expiry. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the legion's actors run; null (default) for one <see cref="DedicatedThreadRunner"/> per node, ended when
    /// the node stops (an idle node then wakes one thread per announce instead of one per actor hop, and its timers
    /// fire on that thread, never waiting for the thread pool). Tests pass a deterministic one
    /// (<see cref="Simulation.DeterministicDispatcher.CreateRunner"/>) with a virtual <see cref="TimeProvider"/>.
    /// </summary>
    public IMailboxRunner? Runner { get; init; }

    /// <summary>
    /// Where the legion's actors log. Default <see cref="NullLoggerFactory.Instance"/>: a node in a system of its own
    /// (<see cref="LegionNode.StartAsync"/>) logs nothing; a node in an application's system
    /// (<see cref="LegionNode.StartInAsync"/>) logs on that system's EventStream, to whatever <c>akka.loggers</c> it
    /// runs (Akka.Logger.Serilog, Akka.Hosting's logger factory, ...). Another factory: lines are written to it directly.
    /// </summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Action kinds available to events. Default: <c>cmd</c>, <c>exec</c>, <c>log</c>, <c>signal</c>, <c>alarm</c>.</summary>
    public LegionActionRegistry Actions { get; init; } = LegionActionRegistry.CreateDefault();

    /// <summary>
    /// The signal bus that <c>signal:N</c> actions raise on (<see cref="LegionNode.Signals"/>). Default: a new bus per
    /// options instance.
    /// </summary>
    public LegionSignalBus Signals { get; init; } = new();

    /// <summary>Alarm kinds available to <c>alarm = NAME KIND:ARGUMENT</c>. Default: <c>cmd</c>, <c>log</c>, <c>signal</c>.</summary>
    public LegionAlarmRegistry AlarmKinds { get; init; } = LegionAlarmRegistry.CreateDefault();

    /// <summary>
    /// Runs the <c>legion-health</c> checks of every legion. Default: <see cref="Health.HealthCheckRunner.Default"/>
    /// (<c>cmd:</c>, <c>tcp:</c>, <c>http:</c>); replace it to add kinds of check or to fake results in tests.
    /// </summary>
    public Health.IHealthCheckRunner HealthRunner { get; init; } = Health.HealthCheckRunner.Default;

    /// <summary>Host name announced as <c>name</c>. Default: the machine's host name, as uWSGI's <c>gethostname()</c>.</summary>
    public string HostName { get; init; } = System.Net.Dns.GetHostName();

    /// <summary>Process id announced as <c>pid</c>. Default: this process's id.</summary>
    public long ProcessId { get; init; } = Environment.ProcessId;

    /// <summary>Makes the run uuid of each legion (36 lowercase characters). Default: a random v4 uuid, new per start.</summary>
    public Func<string> UuidFactory { get; init; } = static () => Guid.NewGuid().ToString("D");

    /// <summary>
    /// Called for every event of every legion from the very start (it is attached before any legion
    /// starts, so it also sees <c>setup</c> and anything that fires before <see cref="LegionNode.StartAsync"/>
    /// returns). Runs on the firing actor's thread: keep it short. Null (default) for none.
    /// </summary>
    public Action<Actors.LegionEventFired>? OnEvent { get; init; }

    /// <summary>
    /// Actors that run on this node only while it is the Lord of their legion (started once the <c>lord</c> actions
    /// finished, ended with their termination message on <c>unlord</c>, step-down and shutdown); each legion named must
    /// be configured, each name unique within its legion. Find one with <see cref="LegionNode.LordOnlyActorAsync"/>.
    /// Default none.
    /// </summary>
    public IReadOnlyList<Actors.LordOnlyActorSpec> LordOnlyActors { get; init; } = [];

    /// <summary>How long <see cref="LegionNode.StartAsync"/> waits for every legion's socket. Default 10 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
