using Akka.Actor;
using Akka.TestKit;

namespace Legion.Actors.Tests.Support;

/// <summary>An Akka.TestKit <see cref="TestProbe"/> whose waits run the actors in the kit's virtual time.</summary>
public sealed class VirtualProbe(TestProbe probe, LegionActorTestKit kit)
{
    public IActorRef Ref => probe.Ref;

    public IActorRef LastSender => probe.LastSender;

    public TestProbe Probe => probe;

    public T ExpectMsg<T>(TimeSpan? timeout = null) => kit.Expect<T>(probe, static _ => true, timeout);

    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => kit.Expect(probe, predicate, timeout);

    public void ExpectNoMsg(TimeSpan duration) => kit.ExpectNothing(probe, duration);

    public T FishForMessage<T>(Predicate<T> isTheOne, TimeSpan? timeout = null) => kit.Fish(probe, isTheOne, timeout);

    public IReadOnlyList<object> ReceiveWhile(TimeSpan duration) => kit.Collect(probe, duration);
}
