using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Kernel;

/// <summary>How an <see cref="ActorSystem"/> gets time, threads and logging. Immutable.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>
    /// The only clock of the system: scheduler, actor timers, <c>Ask</c> timeouts and restart windows use it.
    /// Default <see cref="TimeProvider.System"/>; tests and simulations pass a <see cref="VirtualTimeProvider"/>
    /// (or a wrapper that delegates <c>CreateTimer</c> to one).
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where mailboxes run; null (the default) means a new <see cref="ThreadPoolDispatcher"/>.</summary>
    public IDispatcher? Dispatcher { get; init; }

    /// <summary>Creates the actors' and the kernel's loggers. Default <see cref="NullLoggerFactory.Instance"/>.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The timeout of <c>Ask</c> when none is given. Default 5 seconds.</summary>
    public TimeSpan DefaultAskTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
