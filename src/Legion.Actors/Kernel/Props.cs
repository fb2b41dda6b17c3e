namespace Legion.Actors.Kernel;

/// <summary>
/// The recipe for an actor (as Akka.NET's <c>Props</c>): a factory, called once at start and again at every
/// restart, so it must return a new instance each time. Immutable and thread-safe.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> factory;

    private Props(Type actorType, Func<ActorBase> factory, SupervisorStrategy? supervisorStrategy)
    {
        ActorType = actorType;
        this.factory = factory;
        SupervisorStrategy = supervisorStrategy;
    }

    /// <summary>The declared actor type; it names the actor's log category.</summary>
    public Type ActorType { get; }

    /// <summary>
    /// The strategy the actor applies to its children, overriding its <c>SupervisorStrategy()</c> method; null
    /// means use that method.
    /// </summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Creates props from a factory such as <c>() =&gt; new Worker(settings)</c>.</summary>
    /// <typeparam name="TActor">The actor type.</typeparam>
    /// <param name="factory">Creates a new instance; called inside the kernel, never by user code.</param>
    /// <returns>The props.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory, null);
    }

    /// <summary>Returns a copy whose actor supervises its children with <paramref name="strategy"/>.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <returns>New props; this instance is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="strategy"/> is null.</exception>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(ActorType, factory, strategy);
    }

    internal ActorBase NewActor() =>
        factory() ?? throw new InvalidOperationException($"The factory of {ActorType.Name} returned null.");
}
