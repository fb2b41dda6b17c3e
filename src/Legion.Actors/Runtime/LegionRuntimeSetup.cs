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

    /// <summary>Creates the actors' loggers (and receives Akka.NET's own log events). Default <see cref="NullLoggerFactory.Instance"/>.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Runs the mailboxes of <see cref="LegionDispatcher.Id"/>; null (the default) gives the dispatcher a
    /// <see cref="DedicatedThreadRunner"/> of its own.
    /// </summary>
    public IMailboxRunner? Runner { get; init; }
}
