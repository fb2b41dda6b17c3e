namespace Legion.Actors.Kernel;

/// <summary>The system's <see cref="ActorSystem.DeadLetters"/>: publishes whatever it is told as a <see cref="DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system) : IActorRef
{
    public ActorSystem System { get; } = system;

    public string Path { get; } = $"legion://{system.Name}/deadLetters";

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        System.PublishDeadLetter(message, sender, this);
    }

    public override string ToString() => Path;
}
