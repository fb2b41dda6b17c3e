namespace Legion.Actors.Kernel;

/// <summary>An ordinary message with its sender, as queued in a mailbox.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender, if any.</param>
/// <param name="FromDeathWatch">The kernel queued this <see cref="Terminated"/>; dropped if unwatched meanwhile.</param>
internal readonly record struct Envelope(object Message, IActorRef? Sender, bool FromDeathWatch = false);

/// <summary>Messages between cells that jump the mailbox queue (as Akka.NET's system messages).</summary>
internal abstract record SystemMessage;

internal sealed record Create : SystemMessage
{
    public static Create Instance { get; } = new();
}

internal sealed record Terminate : SystemMessage
{
    public static Terminate Instance { get; } = new();
}

internal sealed record Resume : SystemMessage
{
    public static Resume Instance { get; } = new();
}

internal sealed record Recreate(Exception Cause) : SystemMessage;

internal sealed record Failed(ActorCell Child, Exception Cause) : SystemMessage;

internal sealed record ChildTerminated(ActorCell Child) : SystemMessage;

internal sealed record Watch(ActorCell Watcher) : SystemMessage;

internal sealed record Unwatch(ActorCell Watcher) : SystemMessage;

internal sealed record DeathWatchNotification(IActorRef Actor) : SystemMessage;

/// <summary>A message of an <see cref="ActorTimers"/> timer; delivered only if its generation is still current.</summary>
internal sealed record TimerMessage(object Key, long Generation, object Message);
