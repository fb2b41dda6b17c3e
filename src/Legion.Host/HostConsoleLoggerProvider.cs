using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Legion.Host;

/// <summary>
/// The native host's console logging: one line per event, as the JIT host's Serilog console sink writes them with
/// <see cref="HostLogging.ConsoleTemplate"/> (<c>2025-01-31 12:00:00.123 [INF] message</c>, then the exception's
/// text on the following lines), without reflection. Events below <c>minimum</c>, and <c>Microsoft.*</c> events below
/// Warning, are dropped. Lines are written whole, under a lock, as Serilog's console sink does. Differences from
/// Serilog's rendering: a null argument reads <c>(null)</c> (Serilog: <c>null</c>) and a list <c>a, b</c> (Serilog:
/// <c>[a, b]</c>); the log calls of this project pass neither. No colours on a terminal.
/// </summary>
/// <param name="output">Where lines go (the console's standard output).</param>
/// <param name="minimum">The lowest level written.</param>
/// <param name="time">The clock of the timestamps (local time, as Serilog's).</param>
internal sealed class HostConsoleLoggerProvider(TextWriter output, LogLevel minimum, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _writing = new();

    public ILogger CreateLogger(string categoryName) =>
        new Logger(this, categoryName.StartsWith("Microsoft", StringComparison.Ordinal) && minimum < LogLevel.Warning ? LogLevel.Warning : minimum);

    public void Dispose() => output.Flush();

    /// <summary>The line (with its trailing newline, and the exception after it) for one event.</summary>
    internal static string Render(DateTimeOffset at, LogLevel level, string message, Exception? exception) =>
        string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss.fff} [{Abbreviation(level)}] {message}{Environment.NewLine}")
        + (exception is null ? "" : exception + Environment.NewLine);

    // Serilog's level names, cut to three upper-case letters ({Level:u3}).
    private static string Abbreviation(LogLevel level) => level switch
    {
        LogLevel.Trace => "VRB",
        LogLevel.Debug => "DBG",
        LogLevel.Information => "INF",
        LogLevel.Warning => "WRN",
        LogLevel.Error => "ERR",
        _ => "FTL",
    };

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var line = Render(time.GetLocalNow(), level, message, exception);
        lock (_writing)
        {
            output.Write(line);
            output.Flush();
        }
    }

    private sealed class Logger(HostConsoleLoggerProvider provider, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
