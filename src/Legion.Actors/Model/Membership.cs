using System.Collections.Immutable;
using Legion.Actors.Protocol;

namespace Legion.Actors.Model;

/// <summary>
/// The member table of one legion on one node: every other node heard from within the tolerance,
/// in the order they joined (uWSGI's list order, which the scroll list follows). Immutable: every
/// operation returns a new table. Pure: time comes in as an argument.
/// </summary>
public sealed class Membership
{
    // An array, not an ImmutableList: rounds enumerate the members several times per datagram, and a
    // list's enumerator (a pooled stack) dominated simulation sweeps; tables are small, copies are cheap.
    private readonly ImmutableArray<Member> _members;

    private readonly IReadOnlyList<Member> _view; // boxed once for Members

    // The members' part of the checksum (valor + uuid bytes of each, unsigned 64-bit), kept as members come and go so
    // a round costs O(1) for it instead of 37 additions per member: at 1,000 members that sum dominated every announce.
    private readonly ulong _memberSum;

    private Membership(ImmutableArray<Member> members, ulong memberSum)
    {
        _members = members;
        _view = members;
        _memberSum = memberSum;
    }

    /// <summary>The empty table.</summary>
    public static Membership Empty { get; } = new(ImmutableArray<Member>.Empty, 0);

    /// <summary>Members in join order.</summary>
    public IReadOnlyList<Member> Members => _view;

    /// <summary>Number of members (this node not included).</summary>
    public int Count => _members.Length;

    /// <summary>The member with this key, or null.</summary>
    public Member? Find(MemberKey key) => IndexOf(key) is >= 0 and var index ? _members[index] : null;

    /// <summary>
    /// Applies one decoded announce, following uWSGI 2.0's receive steps 4–6 (legion.c,
    /// <c>legion_loop</c>): ignore our own packet (same name, pid and uuid, whatever its valor); drop one whose <c>unix</c> is older than
    /// <c>now − skewTolerance</c>; then add, remove (death announce) or refresh the member keyed by
    /// (valor, name, uuid). Framing, decryption and the legion-name check happen before this.
    /// One extension, in every protocol mode: an announce whose <c>unix</c> is later than <c>now + skewTolerance</c>
    /// is dropped too (<see cref="ReceiveOutcome.FutureDated"/>), where uWSGI 2.0 accepts it. A node whose clock runs
    /// ahead then never enters the others' tables, so it cannot hold their votes at 0 (in uWSGI it does, and the
    /// legion stalls); the node itself, hearing its peers only through skewed announces, is kept from ruling alone by
    /// <see cref="SkewRule"/>. Nothing we send changes, so uWSGI peers see the same datagrams.
    /// The table never grows past <paramref name="maxMembers"/>: an unknown node that would be one too many
    /// is refused (<see cref="ReceiveOutcome.Refused"/>, the table unchanged), while known members keep being
    /// refreshed and removed as usual. This bounds the memory a flood of forged uuids can take (an extension:
    /// uWSGI 2.0 adds every new uuid it hears). A refused node is admitted once a member leaves or expires.
    /// </summary>
    /// <param name="announce">The decoded announce, already known to be for this legion.</param>
    /// <param name="self">This node, to recognise its own looped-back packets.</param>
    /// <param name="now">The local time of reception.</param>
    /// <param name="skewTolerance">How old an announce's <c>unix</c> may be; must not be negative.</param>
    /// <param name="maxMembers">The most members the table may hold (this node not counted), at least 1; default no cap.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMembers"/> is less than 1.</exception>
    public ReceiveResult Receive(Announce announce, NodeIdentity self, LegionInstant now, TimeSpan skewTolerance, int maxMembers = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(announce);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMembers, 1);
        // uWSGI also compares the valor; a run uuid never repeats, so leaving it out only matters for our own
        // packets from before a runtime valor change (Handover), which must not come back as a member.
        if (announce.Name == self.Name && announce.Pid == self.Pid && announce.Uuid == self.Uuid)
        {
            return new(this, ReceiveOutcome.Own, null);
        }

        // uWSGI compares whole seconds: unix < now - skew.
        if (announce.Unix < now.UnixSeconds - (long)skewTolerance.TotalSeconds)
        {
            return new(this, ReceiveOutcome.Skewed, null);
        }
        if (announce.Unix > now.UnixSeconds + (long)skewTolerance.TotalSeconds)
        {
            return new(this, ReceiveOutcome.FutureDated, null);
        }

        var key = new MemberKey(announce.Valor, announce.Name, announce.Uuid);
        int index = IndexOf(key);
        if (index < 0)
        {
            if (announce.Dead)
            {
                return new(this, ReceiveOutcome.IgnoredDeath, null);
            }
            if (_members.Length >= maxMembers)
            {
                return new(this, ReceiveOutcome.Refused, null);
            }
            var joined = Refresh(new Member { Key = key, JoinedAt = now.Monotonic }, announce, now);
            return new(new Membership(_members.Add(joined), unchecked(_memberSum + LegionChecksum.Part(joined.Valor, joined.Uuid))), ReceiveOutcome.Joined, joined);
        }

        var known = _members[index];
        if (announce.Dead)
        {
            return new(Without(index), ReceiveOutcome.Died, known);
        }
        var updated = Refresh(known, announce, now);
        // Same key, so the same checksum part.
        return new(new Membership(_members.SetItem(index, updated), _memberSum), ReceiveOutcome.Updated, updated);
    }

    /// <summary>
    /// Removes every member not heard from for more than <paramref name="tolerance"/> (strictly
    /// more, as uWSGI's <c>now - last_seen &gt; tolerance</c>); each removal is a node-left event.
    /// </summary>
    /// <param name="now">Current local time (its monotonic part is used).</param>
    /// <param name="tolerance">How long a member may stay silent.</param>
    public ExpiryResult Expire(LegionInstant now, TimeSpan tolerance)
    {
        var left = _members.Where(m => now.Monotonic - m.LastSeen > tolerance).ToList();
        if (left.Count == 0)
        {
            return new(this, []);
        }
        ulong sum = _memberSum;
        foreach (var member in left)
        {
            sum = unchecked(sum - LegionChecksum.Part(member.Valor, member.Uuid));
        }
        return new(new Membership(_members.RemoveRange(left), sum), left);
    }

    /// <summary>
    /// When the next member expires if nobody announces before then: the earliest <see cref="Member.LastSeen"/> plus
    /// <paramref name="tolerance"/> (local monotonic time; the member is removed by an <see cref="Expire"/> strictly
    /// after it); null for an empty table.
    /// </summary>
    /// <param name="tolerance">How long a member may stay silent.</param>
    public TimeSpan? NextExpiry(TimeSpan tolerance)
    {
        if (_members.IsEmpty)
        {
            return null;
        }
        var oldest = _members[0].LastSeen;
        for (int i = 1; i < _members.Length; i++)
        {
            if (_members[i].LastSeen < oldest)
            {
                oldest = _members[i].LastSeen;
            }
        }
        return oldest + tolerance;
    }

    /// <summary>Removes the member with this key, if present (used when this node leaves).</summary>
    public Membership Remove(MemberKey key)
    {
        int index = IndexOf(key);
        return index < 0 ? this : Without(index);
    }

    private Membership Without(int index) =>
        new(_members.RemoveAt(index), unchecked(_memberSum - LegionChecksum.Part(_members[index].Valor, _members[index].Uuid)));

    /// <summary>The checksum this node announces: see <see cref="LegionChecksum"/>.</summary>
    public ulong Checksum(NodeIdentity self) => unchecked(LegionChecksum.Part(self.Valor, self.Uuid) + _memberSum);

    private int IndexOf(MemberKey key)
    {
        for (int i = 0; i < _members.Length; i++)
        {
            if (_members[i].Key == key)
            {
                return i;
            }
        }
        return -1;
    }

    private static Member Refresh(Member member, Announce announce, LegionInstant now) => member with
    {
        Pid = announce.Pid,
        Checksum = announce.Checksum,
        Vote = new Vote(announce.LordValor, announce.LordUuid),
        LordSince = announce.Lord,
        Unix = announce.Unix,
        LastSeen = now.Monotonic,
        LastSeenWall = now.Wall,
        // The table keeps its own copy of a scroll (an announce's bytes may be a caller's array), but the same bytes as
        // last time keep the copy it has: a scroll repeats every heartbeat.
        Scroll = announce.Scroll is not { } scroll ? (ReadOnlyMemory<byte>?)null
            : member.Scroll is { } kept && kept.Span.SequenceEqual(scroll.Span) ? kept
            : new ReadOnlyMemory<byte>(scroll.ToArray()),
        Extensions = announce.Extensions,
    };
}
