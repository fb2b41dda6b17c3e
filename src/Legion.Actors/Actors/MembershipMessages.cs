using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Actors;

/// <summary>To membership: a decoded announce for this legion.</summary>
/// <param name="Announce">The announce.</param>
internal sealed record AnnounceReceived(Announce Announce);

/// <summary>From membership (to election and the supervisor): the member table after a change or a check.</summary>
/// <param name="Membership">The table now.</param>
internal sealed record MembershipChanged(Membership Membership);

/// <summary>From membership to election: a member was added (node-joined).</summary>
/// <param name="Member">The new member.</param>
internal sealed record MemberJoined(Member Member);

/// <summary>From membership to election: a member expired (node-left).</summary>
/// <param name="Member">The member that left.</param>
internal sealed record MemberLeft(Member Member);

/// <summary>
/// From membership to election: the peers heard only through announces dropped for clock skew changed
/// (see <see cref="SkewEvidence"/>); election keeps this node from claiming lordship per <see cref="SkewRule"/>.
/// </summary>
/// <param name="Evidence">The evidence now.</param>
internal sealed record SkewObserved(SkewEvidence Evidence);

/// <summary>
/// From the transport to membership, after a batch of <see cref="AnnounceReceived"/>: reply
/// <see cref="AnnounceBatchJudged"/> once everything before this is judged. The transport keeps at most
/// <see cref="UdpListener.MaxBatchesAtMembership"/> batches unanswered, so the queue in front of membership is
/// bounded and a flood waits (and is dropped, counted) in the transport's bounded backlog instead.
/// </summary>
internal sealed record AnnounceBatchEnd
{
    public static AnnounceBatchEnd Instance { get; } = new();
}

/// <summary>From membership to the transport: the announces sent before an <see cref="AnnounceBatchEnd"/> are judged.</summary>
internal sealed record AnnounceBatchJudged
{
    public static AnnounceBatchJudged Instance { get; } = new();
}

/// <summary>Internal timer message of <see cref="MembershipActor"/>: check for expired members.</summary>
internal sealed record ExpiryTick
{
    public static ExpiryTick Instance { get; } = new();
}

/// <summary>To membership (from the supervisor, after election restarted): tell election the member table and skew evidence again.</summary>
internal sealed record RepeatMembership
{
    public static RepeatMembership Instance { get; } = new();
}
