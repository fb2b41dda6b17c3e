using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Legion.Host;

/// <summary>
/// Hands Kestrel's log events to the host's logger factory without letting the web server own (and dispose) it, and
/// writes at most one event of each kind (category and event id) every <see cref="Window"/>: a flood of clients would
/// otherwise write one warning per connection turned away. The next event written after a quiet spell says how many
/// were left out, as the node's own drop logs do.
/// </summary>
internal sealed class ThrottledForwardingProvider(ILoggerFactory factory, TimeProvider time) : ILoggerProvider
{
    /// <summary>At most one event of a kind this often: 10 s.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(string Category, int EventId), Gate> _gates = new();

    public ILogger CreateLogger(string categoryName) => new Throttled(factory.CreateLogger(categoryName), categoryName, this);

    public void Dispose()
    {
    }

    /// <summary>Whether to write an event of this kind now, and how many were left out since the last one written.</summary>
    private (bool Write, long Skipped) Admit(string category, int eventId)
    {
        var gate = _gates.GetOrAdd((category, eventId), _ => new Gate());
        lock (gate)
        {
            long now = time.GetTimestamp();
            if (gate.Last != 0 && time.GetElapsedTime(gate.Last, now) < Window)
            {
                gate.Skipped++;
                return (false, 0);
            }
            long skipped = gate.Skipped;
            gate.Last = now;
            gate.Skipped = 0;
            return (true, skipped);
        }
    }

    private sealed class Gate
    {
        public long Last { get; set; }

        public long Skipped { get; set; }
    }

    private sealed class Throttled(ILogger inner, string category, ThrottledForwardingProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }
            var (write, skipped) = owner.Admit(category, eventId.Id);
            if (!write)
            {
                return;
            }
            if (skipped == 0)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
            else
            {
                inner.Log(logLevel, eventId, state, exception, (s, e) => $"{formatter(s, e)} ({skipped} more like it left out)");
            }
        }
    }
}
