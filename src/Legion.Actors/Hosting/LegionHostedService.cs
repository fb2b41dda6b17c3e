using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Hosting;

/// <summary>
/// Starts the node of <c>AddLegion</c> with the host (every socket bound before the host's start completes; a bind
/// failure fails the host's start with <see cref="LegionStartException"/>) and leaves every legion when the host
/// stops (death actions, death announce).
/// </summary>
internal sealed class LegionHostedService(LegionStartup startup, LegionRegistry registry, IServiceProvider services) : IHostedService
{
    private LegionNode? _node;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var log = loggerFactory.CreateLogger("Legion.Hosting");
        foreach (var warning in startup.Warnings)
        {
            log.LogWarning("{Warning}", warning);
        }
        var nodeOptions = new LegionNodeOptions
        {
            LoggerFactory = loggerFactory,
            TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
            Actions = startup.Hosting.Actions,
            StartTimeout = startup.Hosting.StartTimeout,
        };
        if (startup.Hosting.HostName is { } hostName)
        {
            nodeOptions = nodeOptions with { HostName = hostName };
        }
        _node = await LegionNode.StartAsync(startup.Options, nodeOptions, cancellationToken).ConfigureAwait(false);
        await registry.AttachAsync(_node, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is { } node)
        {
            await node.StopAsync(cancellationToken).ConfigureAwait(false);
            registry.Detach();
        }
    }
}
