using Akka.Configuration;
using Akka.Dispatch;

namespace Legion.Actors.Simulation;

/// <summary>
/// Makes the dispatcher that a simulated node's <c>akka.actor.internal-dispatcher</c> uses: it runs a mailbox on the
/// thread that hands it work. Akka.NET runs its guardians and the EventStream's unsubscriber there; on the thread pool,
/// the unsubscriber's <c>Watch</c> of an actor that subscribes (and the guardian's start of a top-level actor) would
/// reach the seeded <see cref="DeterministicDispatcher"/> at a moment the seed does not decide. Inline, they happen on
/// the simulation's driving thread, in its order.
/// </summary>
internal sealed class InlineDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : MessageDispatcherConfigurator(config, prerequisites)
{
    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => new InlineDispatcher(this);

    /// <summary>Runs each mailbox on the calling thread (Akka's mailbox keeps one run of an actor at a time).</summary>
    private sealed class InlineDispatcher(MessageDispatcherConfigurator configurator) : MessageDispatcher(configurator)
    {
        protected override void ExecuteTask(IRunnable run) => run.Run();

        protected override void Shutdown()
        {
        }
    }
}
