using Microsoft.Extensions.Logging;
#if !LEGION_NATIVE
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
#endif

namespace Legion.Host;

/// <summary>
/// The host's logging: one line per event on the console (level from <c>LEGION_LOG_LEVEL</c>, default Information;
/// <c>Microsoft.*</c> categories from Warning), in <see cref="ConsoleTemplate"/>'s format.
/// The JIT host logs through Serilog and takes <c>--log-config</c>: the <c>Serilog</c> section of a JSON file (sinks,
/// levels, overrides; read by Serilog.Settings.Configuration). The native host logs through
/// <see cref="HostConsoleLoggerProvider"/>, which writes the same lines: Serilog 3.1.1 (the newest the package registry
/// serves) reflects over destructured objects and Serilog.Settings.Configuration finds and binds sinks by reflection,
/// neither of which Native AOT can keep, so the native host refuses <c>--log-config</c> (<see cref="ReadsConfigurationFiles"/>).
/// </summary>
internal static class HostLogging
{
    /// <summary>The console line format (Serilog output template; <see cref="HostConsoleLoggerProvider"/> writes the same).</summary>
    public const string ConsoleTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>True when this build can read <c>--log-config</c> (the JIT host); false in the native host.</summary>
#if LEGION_NATIVE
    public const bool ReadsConfigurationFiles = false;
#else
    public const bool ReadsConfigurationFiles = true;
#endif

    /// <summary>The level <c>LEGION_LOG_LEVEL</c> asks for (Serilog's names: Verbose, Debug, Information, Warning, Error, Fatal).</summary>
    public static LogLevel MinimumLevel(string? setting) => setting?.Trim().ToLowerInvariant() switch
    {
        "verbose" or "0" => LogLevel.Trace,
        "debug" or "1" => LogLevel.Debug,
        "warning" or "3" => LogLevel.Warning,
        "error" or "4" => LogLevel.Error,
        "fatal" or "5" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    /// <summary>
    /// The host's logger factory. In the JIT host it writes to Serilog, which it also makes Serilog's global logger
    /// (<c>Log.Logger</c>), where Akka.Logger.Serilog sends the legion actors' lines (<see cref="AkkaConfig"/>).
    /// </summary>
    /// <param name="configFile">A <c>--log-config</c> file, or null for the console defaults; always null in the native host.</param>
    public static ILoggerFactory Create(string? configFile)
    {
        var level = MinimumLevel(Environment.GetEnvironmentVariable("LEGION_LOG_LEVEL"));
#if LEGION_NATIVE
        if (configFile is not null)
        {
            throw new InvalidOperationException("the native host cannot read a Serilog configuration file");
        }
        return new LoggerFactory([new HostConsoleLoggerProvider(Console.Out, level, TimeProvider.System)], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
#else
        var configuration = configFile is not null
            ? FromFile(configFile)
            : new LoggerConfiguration()
                .MinimumLevel.Is(SerilogLevel(level))
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                // Akka.NET's own lines (a logger started, shutdown phases) from Warning, as before Akka.Logger.Serilog.
                .MinimumLevel.Override("Akka", LogEventLevel.Warning)
                .WriteTo.Console(outputTemplate: ConsoleTemplate);
        var logger = configuration.CreateLogger();
        Log.Logger = logger;
        return new SerilogLoggerFactory(logger, dispose: true);
#endif
    }

#if !LEGION_NATIVE
    /// <summary>
    /// The HOCON of the host's ActorSystem: its legion actors log on its EventStream, and Akka.Logger.Serilog writes
    /// what is published there to Serilog's global logger, at the level <c>LEGION_LOG_LEVEL</c> asks for (Debug when a
    /// <c>--log-config</c> file decides: its own levels filter then).
    /// </summary>
    /// <param name="configFile">The <c>--log-config</c> file, or null.</param>
    public static string AkkaConfig(string? configFile)
    {
        var level = configFile is not null ? LogLevel.Debug : MinimumLevel(Environment.GetEnvironmentVariable("LEGION_LOG_LEVEL"));
        var akkaLevel = level switch
        {
            LogLevel.Trace or LogLevel.Debug => "DEBUG",
            LogLevel.Information => "INFO",
            LogLevel.Warning => "WARNING",
            _ => "ERROR",
        };
        return $$"""
            akka.loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
            akka.loglevel = {{akkaLevel}}
            """;
    }

    // Apart, so that a node without --log-config never loads Microsoft.Extensions.Configuration and
    // Serilog.Settings.Configuration: the runtime keeps two descriptors open for every assembly it loads.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static LoggerConfiguration FromFile(string configFile)
    {
        var settings = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configFile), optional: false).Build();
        return new LoggerConfiguration().ReadFrom.Configuration(settings);
    }
#endif

#if !LEGION_NATIVE
    private static LogEventLevel SerilogLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        LogLevel.Critical => LogEventLevel.Fatal,
        _ => LogEventLevel.Information,
    };
#endif
}
