namespace Legion.Actors.Kernel;

/// <summary>
/// Thrown by the default <c>ActorBase.Unhandled</c> when an actor does not handle <see cref="Terminated"/> for an
/// actor it watched: an actor that watches another and ignores its death dies too (Akka.NET's death pact). The
/// default supervisor strategy stops the actor.
/// </summary>
public sealed class DeathPactException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="deadActor">The watched actor that stopped.</param>
    public DeathPactException(IActorRef deadActor)
        : base($"Unhandled Terminated for {deadActor.Path}") =>
        DeadActor = deadActor;

    /// <summary>The watched actor that stopped.</summary>
    public IActorRef DeadActor { get; }
}
