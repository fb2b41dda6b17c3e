using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Actors;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Legion.Host;

/// <summary>
/// The <c>legion</c> host: runs the legions given as uWSGI legion options or uWSGI ini files until
/// SIGTERM or Ctrl-C, then leaves each legion (death actions, death announce).
/// Exit codes: 0 after a clean shutdown, 2 for a configuration error (nothing started), 1 when the
/// node cannot run (an address in use, ...).
/// </summary>
internal static class Program
{
    public const int ExitOk = 0;
    public const int ExitCannotRun = 1;
    public const int ExitConfigError = 2;
    public const int ExitOutdated = 3;

    private static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.Out.Write(HelpText.Usage);
            return ExitOk;
        }
        if (args is ["--version"])
        {
            Console.Out.WriteLine($"legion {Version}");
            return ExitOk;
        }

        var actions = LegionActionRegistry.CreateDefault();
        LegionConfigurationResult config;
        try
        {
            config = HostConfiguration.Load(args, actions);
        }
        catch (LegionConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"legion: configuration error: {ex.Message}").ConfigureAwait(false);
            return ExitConfigError;
        }

        using var loggerFactory = CreateLogging();
        var log = loggerFactory.CreateLogger("Legion.Host");
        foreach (var warning in config.Warnings)
        {
            log.LogWarning("{Warning}", warning);
        }
        return await Run(config.Options, actions, loggerFactory, log).ConfigureAwait(false);
    }

    internal static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static async Task<int> Run(LegionOptions options, LegionActionRegistry actions, ILoggerFactory loggerFactory, Microsoft.Extensions.Logging.ILogger log)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (stop.TrySetResult())
            {
                log.LogInformation("Received {Signal}: leaving every legion", context.Signal);
            }
        }
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        // Version fencing: a legion configured with legion-outdated-leave has left; the process exits with 3.
        int exitCode = ExitOk;
        void OnEvent(LegionEventFired e)
        {
            if (e.Event == LegionEvent.Outdated && options.Legions.Any(l => l.Name == e.Legion && l.LeaveWhenOutdated))
            {
                exitCode = ExitOutdated;
                if (stop.TrySetResult())
                {
                    log.LogWarning("Legion {Legion} found this node outdated; leaving every legion and exiting with {ExitCode}", e.Legion, ExitOutdated);
                }
            }
        }

        LegionNode node;
        try
        {
            node = await LegionNode.StartAsync(options, new LegionNodeOptions { LoggerFactory = loggerFactory, Actions = actions, OnEvent = OnEvent }).ConfigureAwait(false);
        }
        catch (LegionStartException ex)
        {
            log.LogCritical("Cannot start: {Error}", ex.Message);
            return ExitCannotRun;
        }

        StatsServer? stats = null;
        if (options.StatsAddress is { } statsAddress)
        {
            try
            {
                stats = StatsServer.Start(statsAddress,
                    async ct => UwsgiStatsJson.Write(await node.GetStatusAsync(ct).ConfigureAwait(false), Environment.ProcessId, Version),
                    loggerFactory.CreateLogger("Legion.Stats"));
                log.LogInformation("Stats server on {Address}", stats.LocalEndPoint);
            }
            catch (SocketException ex)
            {
                log.LogCritical("Cannot start the stats server on {Address}: {Error}", statsAddress, ex.Message);
                await node.StopAsync().ConfigureAwait(false);
                return ExitCannotRun;
            }
        }

        await stop.Task.ConfigureAwait(false);
        if (stats is not null)
        {
            await stats.DisposeAsync().ConfigureAwait(false);
        }
        await node.StopAsync().ConfigureAwait(false);
        log.LogInformation("Stopped");
        return exitCode;
    }

    private static SerilogLoggerFactory CreateLogging()
    {
        var level = Enum.TryParse<LogEventLevel>(Environment.GetEnvironmentVariable("LEGION_LOG_LEVEL"), ignoreCase: true, out var parsed)
            ? parsed
            : LogEventLevel.Information;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Console(outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        return new SerilogLoggerFactory(logger, dispose: true);
    }
}
