namespace Legion.Actors.Kernel;

/// <summary>Well-known refs (as Akka.NET's <c>ActorRefs</c>).</summary>
public static class ActorRefs
{
    /// <summary>A ref that silently drops every message; the parent of the root guardian. Thread-safe.</summary>
    public static IActorRef Nobody { get; } = new NobodyRef();

    /// <summary>The "no sender" value for <see cref="IActorRef.Tell"/>: <see langword="null"/>.</summary>
    public static IActorRef? NoSender => null;

    private sealed class NobodyRef : IActorRef
    {
        public string Path => "legion://nobody/";

        public void Tell(object message, IActorRef? sender = null) => ArgumentNullException.ThrowIfNull(message);

        public override string ToString() => Path;
    }
}
