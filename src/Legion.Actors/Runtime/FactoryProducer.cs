using Akka.Actor;

namespace Legion.Actors.Runtime;

/// <summary>
/// Makes an actor by calling a factory at every start and restart, so a restarted actor sees what the factory reads
/// then (e.g. a supervisor's current settings). Akka.NET's <c>Props.Create(() =&gt; new X(args))</c> evaluates
/// <c>args</c> once, when the props are made.
/// </summary>
internal sealed class FactoryProducer<TActor>(Func<TActor> factory) : IIndirectActorProducer
    where TActor : ActorBase
{
    public Type ActorType => typeof(TActor);

    public ActorBase Produce() =>
        factory() ?? throw new InvalidOperationException($"The factory of {typeof(TActor).Name} returned null.");

    public void Release(ActorBase actor)
    {
    }
}
