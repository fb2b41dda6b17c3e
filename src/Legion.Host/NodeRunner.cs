using System.Net.Sockets;
using System.Runtime.InteropServices;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Legion.Host;

/// <summary>
/// Runs the legions given as uWSGI legion options or uWSGI ini files until SIGTERM, SIGHUP or Ctrl-C, then leaves each legion
/// (death actions, death announce). Host-only options (<see cref="HostOnlyOptions"/>: control endpoint, OTLP, log
/// configuration) are taken off the command line first; everything else goes to the uWSGI option parser.
/// Exit codes: 0 after a clean shutdown, 2 for a configuration error (nothing started), 1 when the node cannot run,
/// 3 after leaving a legion as outdated (<c>legion-outdated-leave</c>).
/// </summary>
internal static class NodeRunner
{
    /// <summary>
    /// Runs a node (or prints the help or the version). The open file limit is checked first, before the node loads
    /// anything it might not be able to open (<see cref="FileDescriptorLimit"/>): too low, it exits 1 with a message
    /// naming the limit.
    /// </summary>
    public static Task<int> RunAsync(string[] args)
    {
        if (args is not (["--help"] or ["-h"] or ["--version"]) && FileDescriptorLimit.Ensure() is { } problem)
        {
            Console.Error.WriteLine($"legion: cannot run: {problem}");
            return Task.FromResult(Program.ExitCannotRun);
        }
        return RunNodeAsync(args);
    }

    private static async Task<int> RunNodeAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.Out.Write(HelpText.Usage);
            Console.Out.Write(OperatorHelp.Usage);
            return Program.ExitOk;
        }
        if (args is ["--version"])
        {
            Console.Out.WriteLine($"legion {Program.Version}");
            return Program.ExitOk;
        }

        var actions = LegionActionRegistry.CreateDefault();
        LegionConfigurationResult config;
        HostOnlyOptions host;
        try
        {
            (host, var uwsgiArgs) = HostOnlyOptions.Extract(args, Environment.GetEnvironmentVariable);
            config = HostConfiguration.Load(uwsgiArgs, actions);
        }
        catch (LegionConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"legion: configuration error: {ex.Message}").ConfigureAwait(false);
            return Program.ExitConfigError;
        }

        using var loggerFactory = HostLogging.Create(host.LogConfigFile);
        var log = loggerFactory.CreateLogger("Legion.Host");
        foreach (var warning in config.Warnings)
        {
            log.LogWarning("{Warning}", warning);
        }
        return await Run(config.Options, host, actions, loggerFactory, log).ConfigureAwait(false);
    }

    private static async Task<int> Run(LegionOptions options, HostOnlyOptions host, LegionActionRegistry actions, ILoggerFactory loggerFactory, ILogger log)
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
        // uWSGI reloads on SIGHUP; this host has nothing to reload in place (the legion's identity is its run uuid), so
        // SIGHUP is a graceful leave as SIGTERM is, and a supervisor (systemd, Kubernetes) starts the node again.
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        // Version fencing: a legion configured with legion-outdated-leave has left; the process exits with 3.
        int exitCode = Program.ExitOk;
        void OnEvent(LegionEventFired e)
        {
            if (e.Event == LegionEvent.Outdated && options.Legions.Any(l => l.Name == e.Legion && l.LeaveWhenOutdated))
            {
                exitCode = Program.ExitOutdated;
                if (stop.TrySetResult())
                {
                    log.LogWarning("Legion {Legion} found this node outdated; leaving every legion and exiting with {ExitCode}", e.Legion, Program.ExitOutdated);
                }
            }
        }

        // Bind everything, then announce: a node that cannot serve its stats or its control endpoint exits before any
        // peer hears of it and before its setup actions run. The stats server is bound at once and answers once the
        // node runs; the control endpoint's address is held by a listener of our own until the node runs, then handed
        // to Kestrel (which needs the node to start).
        var running = new TaskCompletionSource<LegionNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        StatsServer? stats = null;
        if (options.StatsAddress is { } statsAddress)
        {
            try
            {
                stats = StatsServer.Start(statsAddress,
                    async ct => UwsgiStatsJson.Write(await (await running.Task.WaitAsync(ct).ConfigureAwait(false)).GetStatusAsync(ct).ConfigureAwait(false),
                        Environment.ProcessId, Program.Version),
                    loggerFactory.CreateLogger("Legion.Stats"));
            }
            catch (SocketException ex)
            {
                log.LogCritical("Cannot start the stats server on {Address}: {Error}", statsAddress, ex.Message);
                return Program.ExitCannotRun;
            }
        }
        TcpListener? controlHold = null;
        if (host.Control is { } controlBind)
        {
            try
            {
                controlHold = new TcpListener(controlBind);
                controlHold.Start();
            }
            catch (SocketException ex)
            {
                log.LogCritical("Cannot start the control endpoint on {Address}: {Error}", controlBind, ex.Message);
                await DisposeAsync(stats).ConfigureAwait(false);
                return Program.ExitCannotRun;
            }
        }

        LegionNode node;
        try
        {
            var nodeOptions = new LegionNodeOptions { LoggerFactory = loggerFactory, Actions = actions, OnEvent = OnEvent };
            node = await HostNode.StartAsync(options, host.NodeName is { } name ? nodeOptions with { HostName = name } : nodeOptions, host.LogConfigFile).ConfigureAwait(false);
        }
        catch (LegionStartException ex)
        {
            log.LogCritical("Cannot start: {Error}", ex.Message);
            controlHold?.Stop();
            running.TrySetCanceled();
            await DisposeAsync(stats).ConfigureAwait(false);
            return Program.ExitCannotRun;
        }
        running.TrySetResult(node);
        // While the node runs, the host's own lines go where the legion actors' go (the JIT host: the system's
        // EventStream, then Akka.Logger.Serilog), so that they come out in the order they happened.
        var nodeLog = node.OwnsSystem ? log : LegionRuntime.Get(node.System).LoggerFactory.CreateLogger("Legion.Host");
        if (stats is not null)
        {
            nodeLog.LogInformation("Stats server on {Address}", stats.LocalEndPoint);
        }

        using var registry = new LegionRegistry(options);
        await registry.AttachAsync(node).ConfigureAwait(false);
        using var timeline = new StatusTimeline(node, registry);
        using var telemetry = HostTelemetry.Start(host, nodeLog);

        ControlEndpoint? control = null;
        if (host.Control is { } controlAddress)
        {
            controlHold!.Stop();
            try
            {
                control = await ControlEndpoint.StartAsync(controlAddress, ControlSettings(host), node, registry, timeline, loggerFactory).ConfigureAwait(false);
                nodeLog.LogInformation("Control endpoint and status page on {Url} ({Access})", control.Url, ControlAccess(control, host, nodeLog));
            }
            catch (IOException ex)
            {
                // Taken in the instant between our listener and Kestrel's: the node has announced, so it leaves as it came.
                log.LogCritical("Cannot start the control endpoint on {Address}: {Error}", controlAddress, ex.Message);
                await DisposeAsync(stats).ConfigureAwait(false);
                await HostNode.StopAsync(node).ConfigureAwait(false);
                return Program.ExitCannotRun;
            }
        }

        await stop.Task.ConfigureAwait(false);
        await DisposeAsync(control).ConfigureAwait(false);
        await DisposeAsync(stats).ConfigureAwait(false);
        await HostNode.StopAsync(node).ConfigureAwait(false);
        registry.Detach();
        log.LogInformation("Stopped");
        return exitCode;
    }

    /// <summary>The operator's token guards reads and changes; without one the node makes a token for changes only.</summary>
    private static ControlEndpointSettings ControlSettings(HostOnlyOptions host) =>
        (host.ControlToken is { } given ? ControlEndpointSettings.WithToken(given) : ControlEndpointSettings.WithNodeToken(ControlTokenFile.NewToken()))
            with { AllowedHosts = host.ControlAllowedHosts ?? [] };

    /// <summary>Publishes a token the node made (<see cref="ControlEndpoint.PublishToken"/>) and says who may do what.</summary>
    private static string ControlAccess(ControlEndpoint control, HostOnlyOptions host, ILogger log)
    {
        if (host.ControlToken is not null)
        {
            return "token required";
        }
        try
        {
            return $"changes need the token in {control.PublishToken(Environment.GetEnvironmentVariable)}";
        }
        catch (IOException ex)
        {
            log.LogWarning("Cannot write the control token: {Error}; changes through the control endpoint are refused until the node runs with --control-token-file or LEGION_CONTROL_TOKEN", ex.Message);
            return "changes refused: no token file";
        }
    }

    private static async Task DisposeAsync(IAsyncDisposable? disposable)
    {
        if (disposable is not null)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
