using Akka.Actor;

namespace Legion.Actors.Runtime;

/// <summary>
/// Props of the legion's actors: made by a factory called at every start and restart, and run on
/// <see cref="LegionDispatcher.Id"/> (children do not inherit their parent's dispatcher in Akka.NET, so every
/// legion actor's props name it).
/// </summary>
internal static class LegionProps
{
    /// <summary>Props whose actor is made by <paramref name="factory"/>, on the legion dispatcher.</summary>
    /// <typeparam name="TActor">The actor type.</typeparam>
    /// <param name="factory">Returns a new instance each call; called by Akka.NET at start and at every restart.</param>
    /// <returns>The props.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Props.CreateBy(new FactoryProducer<TActor>(factory)).WithDispatcher(LegionDispatcher.Id);
    }
}
