using Akka.Actor;
namespace Legion.Actors.Actors;

/// <summary>To heartbeat: announce now, outside the regular rhythm (e.g. a new Lord).</summary>
internal sealed record AnnounceNow
{
    /// <summary>The single instance.</summary>
    public static AnnounceNow Instance { get; } = new();
}

/// <summary>
/// To heartbeat: stop announcing and send one death announce (<c>dead = 1</c>); the transport
/// replies <see cref="AnnounceSent"/> to <paramref name="ReplyTo"/>.
/// </summary>
/// <param name="ReplyTo">Who is told when the death announce has left.</param>
internal sealed record AnnounceDeath(IActorRef ReplyTo);

/// <summary>
/// To heartbeat: send one death announce (<c>dead = 1</c>) now but keep going: announces resume, without the
/// <c>dead</c> key, once the suspension in the election state it was last told has passed
/// (<c>legion-death-on-lord-error</c>).
/// </summary>
internal sealed record AnnounceSuspended
{
    /// <summary>The single instance.</summary>
    public static AnnounceSuspended Instance { get; } = new();
}

/// <summary>Internal timer message of <see cref="HeartbeatScheduler"/>.</summary>
internal sealed record HeartbeatTick
{
    public static HeartbeatTick Instance { get; } = new();
}

/// <summary>Internal timer message of <see cref="HeartbeatScheduler"/>: the delayed announce of a coalesced burst.</summary>
internal sealed record CoalescedAnnounce
{
    public static CoalescedAnnounce Instance { get; } = new();
}
