using Akka.Actor;
using Akka.Configuration;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Runtime;

namespace Legion.Host;

/// <summary>
/// The host's node. The JIT host runs it in an ActorSystem of its own whose legion actors log through Akka.NET: on the
/// EventStream, to Akka.Logger.Serilog and the host's Serilog console (<see cref="HostLogging.AkkaConfig"/>); the lines
/// are the ones the host always wrote. The native host keeps the node's own system with the host's logger factory
/// written to directly (<see cref="HostConsoleLoggerProvider"/>): Akka.Logger.Serilog makes its logger from a type name
/// and Serilog's message rendering reflects, neither of which Native AOT keeps without rooting more of them.
/// </summary>
internal static class HostNode
{
    /// <summary>Starts the node; see <see cref="LegionNode.StartAsync"/> for what it throws.</summary>
    /// <param name="options">The legions.</param>
    /// <param name="nodeOptions">Actions, identity, events; the native host's logger factory.</param>
    /// <param name="logConfigFile">The <c>--log-config</c> file, or null.</param>
    public static async Task<LegionNode> StartAsync(LegionOptions options, LegionNodeOptions nodeOptions, string? logConfigFile)
    {
#if LEGION_NATIVE
        _ = logConfigFile;
        return await LegionNode.StartAsync(options, nodeOptions).ConfigureAwait(false);
#else
        var runner = new DedicatedThreadRunner();
        var system = LegionActorSystem.Create("legion", new LegionRuntimeSetup { Clock = runner.Clock, Runner = runner, LoggerFactory = null },
            ConfigurationFactory.ParseString($"""
                {HostLogging.AkkaConfig(logConfigFile)}
                akka.coordinated-shutdown.phases.{CoordinatedShutdown.PhaseBeforeActorSystemTerminate}.timeout = {(long)LegionNode.LeaveTimeout(options).TotalMilliseconds}ms
                """));
        _ = system.WhenTerminated.ContinueWith(_ => runner.Dispose(), TaskScheduler.Default);
        try
        {
            return await LegionNode.StartInAsync(system, options, nodeOptions with { Runner = runner }).ConfigureAwait(false);
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
#endif
    }

    /// <summary>Leaves every legion and stops the node's system.</summary>
    /// <param name="node">The node.</param>
    public static async Task StopAsync(LegionNode node)
    {
        await node.StopAsync().ConfigureAwait(false);
        if (!node.OwnsSystem)
        {
            await node.System.Terminate().ConfigureAwait(false);
        }
    }
}
