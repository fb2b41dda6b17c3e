using Microsoft.Extensions.Logging;

namespace Legion.Actors.Kernel;

/// <summary>Adds the actor's path as an <c>ActorPath</c> scope property to every entry, so sinks such as Serilog show it.</summary>
internal sealed class ActorLogger(ILogger inner, string path) : ILogger
{
    private readonly KeyValuePair<string, object?>[] scope = [new("ActorPath", path)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        using (inner.BeginScope(scope))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
