using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Legion.Host;

/// <summary>
/// The host's logging: Serilog to the console, one line per event (level from <c>LEGION_LOG_LEVEL</c>, default
/// Information), or whatever the <c>Serilog</c> section of a <c>--log-config</c> JSON file says (sinks, levels,
/// overrides; read by Serilog.Settings.Configuration).
/// </summary>
internal static class HostLogging
{
    /// <summary>The console line format.</summary>
    public const string ConsoleTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static SerilogLoggerFactory Create(string? configFile)
    {
        LoggerConfiguration configuration;
        if (configFile is not null)
        {
            var settings = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configFile), optional: false).Build();
            configuration = new LoggerConfiguration().ReadFrom.Configuration(settings);
        }
        else
        {
            var level = Enum.TryParse<LogEventLevel>(Environment.GetEnvironmentVariable("LEGION_LOG_LEVEL"), ignoreCase: true, out var parsed)
                ? parsed
                : LogEventLevel.Information;
            configuration = new LoggerConfiguration()
                .MinimumLevel.Is(level)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .WriteTo.Console(outputTemplate: ConsoleTemplate);
        }
        return new SerilogLoggerFactory(configuration.CreateLogger(), dispose: true);
    }
}
