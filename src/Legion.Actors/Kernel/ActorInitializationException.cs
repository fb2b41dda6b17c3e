namespace Legion.Actors.Kernel;

/// <summary>
/// An actor's constructor (its <see cref="Props"/> factory) or <c>PreStart</c>/<c>PostRestart</c> threw. The default
/// supervisor strategy stops such an actor instead of restarting it forever.
/// </summary>
public sealed class ActorInitializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="actor">The actor that could not start.</param>
    /// <param name="innerException">What the constructor or hook threw.</param>
    public ActorInitializationException(IActorRef actor, Exception innerException)
        : base($"Actor {actor.Path} could not be initialized: {innerException.Message}", innerException) =>
        Actor = actor;

    /// <summary>The actor that could not start.</summary>
    public IActorRef Actor { get; }
}
