using System.Net;
using Legion.Host;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Display;

namespace Legion.Actors.Tests.Host;

/// <summary>The native host's console lines read as the JIT host's Serilog console lines.</summary>
public sealed class HostConsoleLoggerTests
{
    private static readonly Action<Microsoft.Extensions.Logging.ILogger>[] Calls =
    [
        l => l.LogInformation("This node ({Name}, valor {Valor}) is now the Lord of legion {Legion}", "vm", 90UL, "web"),
        l => l.LogWarning("{Warning}", "the secret of legion 'local' is in a file readable by group/others (mode 0644)"),
        l => l.LogInformation("Legion {Legion} listening on {Address} as {Name} (valor {Valor}, uuid {Uuid}), announcing to {Nodes}",
            "web", new IPEndPoint(IPAddress.Loopback, 4242), "vm", 100, Guid.Empty, "127.0.0.1:4243"),
        l => l.LogInformation("Received {Signal}: leaving every legion", System.Runtime.InteropServices.PosixSignal.SIGTERM),
        l => l.LogDebug("{Count} drop(s) of kind {Reason} in {Window}, last from {Sender}", 3, "clock_skew", TimeSpan.FromSeconds(10), "127.0.0.1:1"),
        l => l.LogInformation("Joined: {Joined}, ratio {Ratio}", true, 0.25),
        l => l.LogError(new InvalidOperationException("boom"), "Action {Action} failed", "cmd:false"),
        l => l.LogCritical("Cannot start: {Error}", "legion 'web' cannot start on 127.0.0.1:4242: Address already in use"),
        l => l.LogTrace("Plain text with {{braces}}"),
        l => l.LogInformation("Nodes {Nodes}, ids {Ids}, none {None}, when {When}, at {At}, quote {Quote}", new List<string> { "a", "b\"c" }, new[] { 1, 2 },
            null, new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero), new Uri("http://127.0.0.1:9000/"), 'x'),
        l => l.LogInformation("Formatted {Share:0.0} {Count,5} {Left,-4}|", 0.25, 7, "ab"),
        l => l.LogInformation("Positional {0} and {1}", "one", 2),
        l => l.LogInformation("Drops {Drops}, nested {Nested}, address {Address}", new Dictionary<string, long> { ["clock_skew"] = 3, ["oversized"] = 1 },
            new List<int[]> { new[] { 1 }, Array.Empty<int>() }, IPAddress.IPv6Loopback),
    ];

    [Fact]
    public void Every_event_reads_as_the_Serilog_console_template_writes_it()
    {
        var serilog = new StringWriter();
        var native = new StringWriter();
        var formatter = new MessageTemplateTextFormatter(HostLogging.ConsoleTemplate);
        using (var serilogFactory = new SerilogLoggerFactory(new Serilog.LoggerConfiguration().MinimumLevel.Verbose()
                   .WriteTo.Sink(new FormattingSink(formatter, serilog)).CreateLogger(), dispose: true))
        using (var nativeProvider = new HostConsoleLoggerProvider(native, LogLevel.Trace, TimeProvider.System))
        {
            foreach (var call in Calls)
            {
                call(serilogFactory.CreateLogger("Legion.Host"));
                call(nativeProvider.CreateLogger("Legion.Host"));
            }
        }

        Assert.Equal(WithoutTimestamps(serilog.ToString()), WithoutTimestamps(native.ToString()));
    }

    [Fact]
    public void The_timestamp_is_local_time_to_the_millisecond()
    {
        var at = new DateTimeOffset(2025, 1, 31, 12, 0, 0, 123, TimeSpan.FromHours(1));

        Assert.Equal($"2025-01-31 12:00:00.123 [WRN] careful{Environment.NewLine}", HostConsoleLoggerProvider.Render(at, LogLevel.Warning, "careful", null));
    }

    [Fact]
    public void Microsoft_categories_start_at_Warning_and_the_rest_at_the_minimum()
    {
        using var provider = new HostConsoleLoggerProvider(TextWriter.Null, LogLevel.Debug, TimeProvider.System);

        Assert.False(provider.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Information));
        Assert.True(provider.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
        Assert.True(provider.CreateLogger("Legion.Host").IsEnabled(LogLevel.Debug));
        Assert.False(provider.CreateLogger("Legion.Host").IsEnabled(LogLevel.Trace));
    }

    [Theory]
    [InlineData(null, LogLevel.Information)]
    [InlineData("Verbose", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("WARNING", LogLevel.Warning)]
    [InlineData("4", LogLevel.Error)]
    [InlineData("Fatal", LogLevel.Critical)]
    [InlineData("chatty", LogLevel.Information)]
    public void LEGION_LOG_LEVEL_takes_Serilog_level_names(string? setting, LogLevel expected) =>
        Assert.Equal(expected, HostLogging.MinimumLevel(setting));

    private static string WithoutTimestamps(string text) =>
        string.Join('\n', text.Split(Environment.NewLine).Select(l => l.Length > 24 && l[4] == '-' && l[23] == ' ' ? l[24..] : l));

    private sealed class FormattingSink(MessageTemplateTextFormatter formatter, TextWriter output) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => formatter.Format(logEvent, output);
    }
}
