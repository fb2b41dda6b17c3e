using Akka.Event;
using Microsoft.Extensions.Logging;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Legion.Actors.Runtime;

/// <summary>
/// A Microsoft.Extensions.Logging logger that publishes each line on an ActorSystem's EventStream as Akka.NET's own
/// log events (<see cref="Debug"/>, <see cref="Info"/>, <see cref="Warning"/>, <see cref="Error"/>) whose message keeps
/// the template and its values, so that whatever <c>akka.loggers</c> the system runs (Akka.Logger.Serilog, Akka.Hosting's
/// logger factory, Akka's console logger, a TestKit's <c>EventFilter</c>) renders it as a structured line. Enabled per
/// the bus's level (<c>akka.loglevel</c>). Thread-safe: actions and jobs log through it from any thread.
/// </summary>
internal sealed class BusLogger(LoggingBus bus, string logSource, Type logClass) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(MelLevel logLevel) => LegionLoggingAdapter.ToAkka(logLevel) is { } level && level >= bus.LogLevel;

    public void Log<TState>(MelLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (LegionLoggingAdapter.ToAkka(logLevel) is not { } level || level < bus.LogLevel)
        {
            return;
        }

        object message = state is IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } values && values[^1] is { Key: "{OriginalFormat}", Value: string template }
            ? new TemplateMessage(template, [.. values.Take(values.Count - 1).Select(v => v.Value)], () => formatter(state, exception))
            : formatter(state, exception);
        LogEvent logEvent = level switch
        {
            Akka.Event.LogLevel.DebugLevel => new Debug(exception, logSource, logClass, message),
            Akka.Event.LogLevel.InfoLevel => new Info(exception, logSource, logClass, message),
            Akka.Event.LogLevel.WarningLevel => new Warning(exception, logSource, logClass, message),
            _ => new Error(exception, logSource, logClass, message),
        };
        bus.Publish(logEvent);
    }

    /// <summary>
    /// A line as its template and values (what structured loggers such as Akka.Logger.Serilog read), and as text
    /// rendered the way Microsoft.Extensions.Logging renders it (what Akka's own loggers and <c>EventFilter</c> read).
    /// </summary>
    private sealed class TemplateMessage(string template, object?[] values, Func<string> render) : LogMessage(DefaultLogMessageFormatter.Instance, template)
    {
        private string? _text;

        public override IEnumerable<object> Parameters() => values!;

        public override string Unformatted() => Format;

        public override string ToString() => _text ??= render();
    }
}

/// <summary>Makes <see cref="BusLogger"/>s on one system's EventStream, the category as the log source.</summary>
internal sealed class BusLoggerFactory(LoggingBus bus) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new PeerTextLogger(new BusLogger(bus, categoryName, typeof(LegionRuntime)));

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("Legion actors in this system log on its EventStream: configure akka.loggers instead.");

    public void Dispose()
    {
    }
}
