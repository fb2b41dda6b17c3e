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
    // Kept so that one announce costs O(log n), not O(n), at every step a round takes: at 1,000 members a copy-on-write
    // array (8 KB copied per announce) and scans of every member per round dominated a simulated legion. Members live in
    // a persistent vector in join order (an update copies one 32-slot path) with an index by key; the checksum part, the
    // vote tally, the strongest member and the scroll bytes are kept as members come, change and go. Removals rebuild
    // it all (O(n)): members leave rarely and announce every period.
    private readonly PersistentVector<Member> _members;
    private readonly ImmutableDictionary<MemberKey, int> _index; // key → position in _members
    private readonly ImmutableDictionary<(ulong Checksum, Vote Vote), int> _tally; // members per (checksum, vote) they announce
    private readonly int _strongest; // position of Strongest, or -1
    private readonly long _scrollBytes;
    private readonly object _roster; // shared by tables with the same members in the same order (see SameMembers)

    // The members' part of the checksum (valor + uuid bytes of each, unsigned 64-bit), kept as members come and go so
    // a round costs O(1) for it instead of 37 additions per member: at 1,000 members that sum dominated every announce.
    private readonly ulong _memberSum;

    private Membership(
        PersistentVector<Member> members, ImmutableDictionary<MemberKey, int> index, ImmutableDictionary<(ulong, Vote), int> tally,
        int strongest, ulong memberSum, long scrollBytes, object roster)
    {
        _members = members;
        _index = index;
        _tally = tally;
        _strongest = strongest;
        _memberSum = memberSum;
        _scrollBytes = scrollBytes;
        _roster = roster;
    }

    /// <summary>The empty table.</summary>
    public static Membership Empty { get; } = new(
        PersistentVector<Member>.Empty, ImmutableDictionary<MemberKey, int>.Empty, ImmutableDictionary<(ulong, Vote), int>.Empty, -1, 0, 0, new object());

    /// <summary>Members in join order.</summary>
    public IReadOnlyList<Member> Members => _members;

    /// <summary>Number of members (this node not included).</summary>
    public int Count => _members.Count;

    /// <summary>The member with this key, or null. O(log n).</summary>
    public Member? Find(MemberKey key) => _index.TryGetValue(key, out int index) ? _members[index] : null;

    /// <summary>
    /// The non-arbiter member with the highest (valor, uuid), ranked as <see cref="Election.Beats"/>, the first to join
    /// among equals; null when there is no member with valor &gt; 0. O(1): the election's candidate without a scan.
    /// </summary>
    public Member? Strongest => _strongest < 0 ? null : _members[_strongest];

    /// <summary>The total length in bytes of the members' scrolls (members without a scroll count 0).</summary>
    public long ScrollBytes => _scrollBytes;

    /// <summary>
    /// How many members last announced exactly this <paramref name="checksum"/> and this <paramref name="vote"/>
    /// (<c>lord_valor</c>, <c>lord_uuid</c>). O(log k) for k distinct pairs: how the election counts votes without a scan.
    /// </summary>
    /// <param name="checksum">A membership checksum.</param>
    /// <param name="vote">A vote.</param>
    public int CountAgreeing(ulong checksum, Vote vote) => _tally.TryGetValue((checksum, vote), out int count) ? count : 0;

    /// <summary>
    /// True when <paramref name="other"/> holds members with the same keys, in the same order (their votes, checksums and
    /// times may differ). O(1) between tables that differ only by refreshed members; O(n) otherwise.
    /// </summary>
    /// <param name="other">Another table.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool SameMembers(Membership other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(_roster, other._roster))
        {
            return true;
        }
        if (Count != other.Count)
        {
            return false;
        }
        var theirs = other._members.GetEnumerator();
        foreach (var member in _members)
        {
            theirs.MoveNext();
            if (member.Key != theirs.Current.Key)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Applies one decoded announce, following uWSGI 2.0's receive steps 4–6 (legion.c,
    /// <c>legion_loop</c>): ignore our own packet (same name, pid and uuid, whatever its valor); drop one that carries our
    /// uuid with another name or pid (<see cref="ReceiveOutcome.Impersonation"/>; uWSGI 2.0 would admit it); drop one whose <c>unix</c> is older than
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
        if (announce.Uuid == self.Uuid)
        {
            // A run uuid is this process's alone: with another name or pid it is someone else claiming to be this node,
            // and admitting it would make this node its own member (its vote and checksum counted twice).
            return new(this, announce.Name == self.Name && announce.Pid == self.Pid ? ReceiveOutcome.Own : ReceiveOutcome.Impersonation, null);
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
        if (!_index.TryGetValue(key, out int index))
        {
            if (announce.Dead)
            {
                return new(this, ReceiveOutcome.IgnoredDeath, null);
            }
            if (_members.Count >= maxMembers)
            {
                return new(this, ReceiveOutcome.Refused, null);
            }
            var joined = Refresh(new Member { Key = key, JoinedAt = now.Monotonic }, announce, now);
            int position = _members.Count;
            bool strongest = !joined.IsArbiter && (_strongest < 0 || Election.Beats(joined.Valor, joined.Uuid, _members[_strongest].Valor, _members[_strongest].Uuid));
            return new(new Membership(
                _members.Add(joined), _index.Add(key, position), Tally(_tally, joined, +1), strongest ? position : _strongest,
                unchecked(_memberSum + LegionChecksum.Part(joined.Valor, joined.Uuid)), _scrollBytes + ScrollLength(joined), new object()), ReceiveOutcome.Joined, joined);
        }

        var known = _members[index];
        if (announce.Dead)
        {
            return new(Rebuilt(_members.RemoveAt(index)), ReceiveOutcome.Died, known);
        }
        var updated = Refresh(known, announce, now);
        var tally = updated.Checksum == known.Checksum && updated.Vote == known.Vote ? _tally : Tally(Tally(_tally, known, -1), updated, +1);
        // Same key, so the same checksum part, position and rank.
        return new(new Membership(
            _members.SetItem(index, updated), _index, tally, _strongest, _memberSum,
            _scrollBytes - ScrollLength(known) + ScrollLength(updated), _roster), ReceiveOutcome.Updated, updated);
    }

    /// <summary>
    /// Removes every member not heard from for more than <paramref name="tolerance"/> (strictly
    /// more, as uWSGI's <c>now - last_seen &gt; tolerance</c>); each removal is a node-left event.
    /// </summary>
    /// <param name="now">Current local time (its monotonic part is used).</param>
    /// <param name="tolerance">How long a member may stay silent.</param>
    public ExpiryResult Expire(LegionInstant now, TimeSpan tolerance)
    {
        List<Member>? left = null;
        foreach (var member in _members)
        {
            if (now.Monotonic - member.LastSeen > tolerance)
            {
                (left ??= []).Add(member);
            }
        }
        if (left is null)
        {
            return new(this, []);
        }
        return new(Rebuilt(_members.RemoveAll(m => now.Monotonic - m.LastSeen > tolerance)), left);
    }

    /// <summary>
    /// When the next member expires if nobody announces before then: the earliest <see cref="Member.LastSeen"/> plus
    /// <paramref name="tolerance"/> (local monotonic time; the member is removed by an <see cref="Expire"/> strictly
    /// after it); null for an empty table.
    /// </summary>
    /// <param name="tolerance">How long a member may stay silent.</param>
    public TimeSpan? NextExpiry(TimeSpan tolerance)
    {
        TimeSpan? oldest = null;
        foreach (var member in _members)
        {
            if (oldest is not { } seen || member.LastSeen < seen)
            {
                oldest = member.LastSeen;
            }
        }
        return oldest + tolerance;
    }

    /// <summary>Removes the member with this key, if present (used when this node leaves).</summary>
    public Membership Remove(MemberKey key) => _index.TryGetValue(key, out int index) ? Rebuilt(_members.RemoveAt(index)) : this;

    /// <summary>The checksum this node announces: see <see cref="LegionChecksum"/>.</summary>
    public ulong Checksum(NodeIdentity self) => unchecked(LegionChecksum.Part(self.Valor, self.Uuid) + _memberSum);

    /// <summary>A table of <paramref name="members"/> (distinct keys, in join order) with every kept figure recomputed: O(n log n).</summary>
    private static Membership Rebuilt(PersistentVector<Member> members)
    {
        var index = ImmutableDictionary.CreateBuilder<MemberKey, int>();
        var tally = ImmutableDictionary.CreateBuilder<(ulong, Vote), int>();
        int strongest = -1;
        ulong sum = 0;
        long scrollBytes = 0;
        int position = 0;
        foreach (var member in members)
        {
            index.Add(member.Key, position);
            var pair = (member.Checksum, member.Vote);
            tally[pair] = tally.GetValueOrDefault(pair) + 1;
            if (!member.IsArbiter && (strongest < 0 || Election.Beats(member.Valor, member.Uuid, members[strongest].Valor, members[strongest].Uuid)))
            {
                strongest = position;
            }
            sum = unchecked(sum + LegionChecksum.Part(member.Valor, member.Uuid));
            scrollBytes += ScrollLength(member);
            position++;
        }
        return new(members, index.ToImmutable(), tally.ToImmutable(), strongest, sum, scrollBytes, new object());
    }

    private static ImmutableDictionary<(ulong, Vote), int> Tally(ImmutableDictionary<(ulong, Vote), int> tally, Member member, int change)
    {
        var pair = (member.Checksum, member.Vote);
        int count = tally.GetValueOrDefault(pair) + change;
        return count == 0 ? tally.Remove(pair) : tally.SetItem(pair, count);
    }

    private static int ScrollLength(Member member) => member.Scroll?.Length ?? 0;

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
