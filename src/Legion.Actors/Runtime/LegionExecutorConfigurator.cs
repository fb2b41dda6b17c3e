using Akka.Configuration;
using Akka.Dispatch;

namespace Legion.Actors.Runtime;

/// <summary>
/// The executor of <see cref="LegionDispatcher.Id"/>, named in its HOCON (<c>executor = "..."</c>): mailboxes run on
/// the <see cref="LegionRuntimeSetup.Runner"/> of the system, or, without one, on a <see cref="DedicatedThreadRunner"/>
/// that the executor owns and ends when Akka.NET shuts it down.
/// </summary>
internal sealed class LegionExecutorConfigurator : ExecutorServiceConfigurator
{
    /// <summary>Created by Akka.NET from the dispatcher's config.</summary>
    /// <param name="config">The dispatcher's config.</param>
    /// <param name="prerequisites">The system's event stream, scheduler and settings.</param>
    public LegionExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
    }

    /// <inheritdoc/>
    public override ExecutorService Produce(string id)
    {
        var setup = Prerequisites.Settings.Setup.Get<LegionRuntimeSetup>();
        if (setup.HasValue && setup.Value.Runner is { } runner)
        {
            return new RunnerExecutor(id, runner, owned: null);
        }

        var own = new DedicatedThreadRunner("legion-actors");
        return new RunnerExecutor(id, own, own);
    }

    private sealed class RunnerExecutor(string id, IMailboxRunner runner, DedicatedThreadRunner? owned) : ExecutorService(id)
    {
        public override void Execute(IRunnable run) => runner.Execute(run);

        public override void Shutdown() => owned?.Dispose();
    }
}
