using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Support;

/// <summary>Routes a node's logs to the test's output, so a failing interop test shows what the node saw.</summary>
internal sealed class XunitLoggerFactory(ITestOutputHelper output, string prefix = "") : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, prefix, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string prefix, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {prefix}[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; a late log line from a stopping node has nowhere to go.
            }
        }
    }
}
