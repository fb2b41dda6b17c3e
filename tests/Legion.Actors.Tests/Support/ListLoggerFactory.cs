using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Tests.Support;

/// <summary>Collects log entries in memory, with the scope values that were active, for assertions.</summary>
internal sealed class ListLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception, string Scopes)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerFactory owner, string category) : ILogger
    {
        private readonly AsyncLocal<string> scopes = new();

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var previous = scopes.Value;
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(",", pairs.Select(p => $"{p.Key}={p.Value}")) : state.ToString();
            scopes.Value = previous + values + ";";
            return new Restore(() => scopes.Value = previous!);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception), exception, scopes.Value ?? string.Empty));

        private sealed class Restore(Action restore) : IDisposable
        {
            public void Dispose() => restore();
        }
    }
}
