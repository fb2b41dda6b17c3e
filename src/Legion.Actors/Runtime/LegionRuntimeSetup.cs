using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Runtime;

/// <summary>
/// What an ActorSystem that runs legions reads time from, logs to and runs the legion's mailboxes on; passed in
/// the system's <c>ActorSystemSetup</c> by <see cref="LegionActorSystem.Create"/>, read through
/// <see cref="LegionRuntime"/>. Immutable.
/// </summary>
public sealed class LegionRuntimeSetup : Akka.Actor.Setup.Setup
{
    /// <summary>The only clock of the legion's actors and of the system's scheduler. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the legion's actors log. A factory: they write to it directly (as does Akka.NET's own log, through
    /// <c>akka.loggers</c> of <see cref="LegionActorSystem.Create"/>). Null: they log on the system's EventStream as any
    /// Akka.NET actor does, and the system's <c>akka.loggers</c> (e.g. Akka.Logger.Serilog) and <c>akka.loglevel</c>
    /// decide where lines go. Default <see cref="NullLoggerFactory.Instance"/> (nothing is logged).
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Runs the mailboxes of <see cref="LegionDispatcher.Id"/>; null (the default) gives the dispatcher a
    /// <see cref="DedicatedThreadRunner"/> of its own.
    /// </summary>
    public IMailboxRunner? Runner { get; init; }
}
