using System.Collections.Concurrent;

namespace Legion.Actors.Kernel.TestKit;

/// <summary>Asks a probe's actor to watch another actor, so its <see cref="Terminated"/> reaches the probe.</summary>
internal sealed record ProbeWatch(IActorRef Target);

/// <summary>The actor behind a <see cref="TestProbe"/>: queues every message with its sender for the test thread.</summary>
internal sealed class TestProbeActor(BlockingCollection<(object Message, IActorRef Sender)> queue) : ActorBase
{
    protected override bool Receive(object message)
    {
        if (message is ProbeWatch watch)
        {
            Context.Watch(watch.Target);
        }
        else
        {
            queue.Add((message, Sender));
        }

        return true;
    }
}
