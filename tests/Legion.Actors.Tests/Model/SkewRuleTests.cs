using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public sealed class SkewRuleTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(3);

    private static readonly NodeIdentity Self = Node(50, 5);

    /// <summary>Evidence of each peer from two skew-dropped announces with an advancing unix.</summary>
    private static SkewEvidence Heard(params NodeIdentity[] peers)
    {
        var evidence = SkewEvidence.Empty;
        foreach (var peer in peers)
        {
            evidence = evidence.Observe(From(peer, 200), T(1)).Observe(From(peer, 201), T(2));
        }
        return evidence;
    }

    private static TimeSpan T(double seconds) => TimeSpan.FromSeconds(seconds);

    private static Membership Members(params NodeIdentity[] peers) =>
        Table(Self, 0, [.. peers.Select(p => (p, default(Vote), 0UL))]);

    public static TheoryData<string, int, int, ulong, bool> Sides => new()
    {
        // case, members, skewed peers, valor of the best skewed peer, may claim
        { "nothing skewed: uWSGI's rules", 0, 0, 0, true },
        { "a lone node whose clock is off, facing two peers", 0, 2, 10, false },
        { "the healthy pair facing one skewed node, even of higher valor", 1, 1, 100, true },
        { "a pair, the skewed peer of higher valor", 0, 1, 100, false },
        { "a pair, the skewed peer of lower valor", 0, 1, 10, true },
        { "three against two", 2, 2, 100, true },
        { "two against three", 1, 3, 10, false },
    };

    [Theory]
    [MemberData(nameof(Sides))]
    public void The_larger_side_claims_and_a_tie_goes_to_the_highest_valor(string situation, int members, int skewed, ulong bestSkewedValor, bool mayClaim)
    {
        var table = Members([.. Enumerable.Range(0, members).Select(i => Node(20, 100 + i, $"member{i}"))]);
        var peers = Enumerable.Range(0, skewed).Select(i => Node(i == 0 ? bestSkewedValor : 1, 200 + i, $"skewed{i}")).ToArray();
        var counted = SkewRule.SkewedPeers(Heard(peers), table);

        Assert.Equal(skewed, counted.Count);
        Assert.True(SkewRule.MayClaim(Self, table, counted) == mayClaim, situation);
    }

    [Fact]
    public void One_datagram_replayed_again_and_again_is_never_evidence()
    {
        var captured = From(Node(100, 9, "peer"), 10);
        var evidence = SkewEvidence.Empty;
        for (int i = 0; i < 100; i++)
        {
            evidence = evidence.Observe(captured, T(i));
        }

        Assert.True(SkewRule.MayClaim(Self, Membership.Empty, SkewRule.SkewedPeers(evidence, Membership.Empty)));
    }

    [Theory]
    [InlineData(201, true)]    // advancing: a live node
    [InlineData(200, false)]   // the same second again: a duplicate or a replay
    [InlineData(199, false)]   // older: reordered or replayed
    public void A_sender_is_evidence_only_once_its_unix_strictly_advances(double second, bool evidence)
    {
        var peer = Node(100, 9, "peer");
        var heard = SkewEvidence.Empty.Observe(From(peer, 200), T(1)).Observe(From(peer, second), T(2));

        Assert.Equal(evidence, heard.Peers.Count == 1);
    }

    [Fact]
    public void Evidence_expires_once_the_sender_has_not_advanced_for_the_tolerance()
    {
        var evidence = Heard(Node(100, 9, "peer"));

        Assert.Single(evidence.Expire(T(2) + Tolerance, Tolerance).Peers);
        Assert.Empty(evidence.Expire(T(2) + Tolerance + T(0.1), Tolerance).Peers);
    }

    [Fact]
    public void NextExpiry_is_when_the_stalest_sender_would_be_forgotten()
    {
        Assert.Null(SkewEvidence.Empty.NextExpiry(Tolerance));
        var evidence = Heard(Node(100, 9, "peer"));

        Assert.Equal(T(2) + Tolerance, evidence.NextExpiry(Tolerance));
        Assert.Null(evidence.Expire(T(2) + Tolerance + T(0.1), Tolerance).NextExpiry(Tolerance));
    }

    [Fact]
    public void An_accepted_announce_forgets_the_sender_and_a_member_is_never_counted_as_skewed()
    {
        var peer = Node(100, 9, "peer");
        var evidence = Heard(peer);

        Assert.Empty(evidence.Forget(peer.Uuid).Peers);
        Assert.Empty(SkewRule.SkewedPeers(evidence, Members(peer)));
    }

    [Fact]
    public void Memory_is_bounded_by_the_member_cap_forgetting_the_least_recently_advanced()
    {
        var evidence = SkewEvidence.Empty;
        for (int i = 0; i < 10; i++)
        {
            evidence = evidence.Observe(From(Node(10, 1000 + i, "flood"), 100), T(i), maxSenders: 4);
        }

        Assert.Equal(4, evidence.Count);
    }

    [Fact]
    public void A_flood_of_new_senders_never_holds_more_than_the_bound_and_keeps_the_newest()
    {
        var evidence = SkewEvidence.Empty;
        for (int i = 0; i < 5_000; i++)
        {
            evidence = evidence.Observe(From(Node(10, 1000 + i, "flood"), 100), T(i / 1000.0), maxSenders: 100);
            Assert.True(evidence.Count <= 100, $"{evidence.Count} senders after {i + 1}");
        }

        // A kept sender advancing again becomes evidence; a forgotten one starts over as a first announce.
        Assert.Single(evidence.Observe(From(Node(10, 1000 + 4_999, "flood"), 101), T(6), maxSenders: 100).Peers);
        Assert.Single(evidence.Observe(From(Node(10, 1000 + 4_900, "flood"), 101), T(6), maxSenders: 100).Peers);
        Assert.Empty(evidence.Observe(From(Node(10, 1000 + 4_899, "flood"), 101), T(6), maxSenders: 100).Peers);
        Assert.Empty(evidence.Observe(From(Node(10, 1000, "flood"), 101), T(6), maxSenders: 100).Peers);
    }

    [Fact]
    public void A_live_skewed_peer_stays_evidence_through_a_flood_of_new_senders()
    {
        var peer = Node(100, 9, "peer");
        var evidence = Heard(peer);
        for (int i = 0; i < 5_000; i++)
        {
            evidence = evidence.Observe(From(Node(10, 1000 + i, "flood"), 100), T(2 + (i / 10_000.0)), maxSenders: 100);
        }

        Assert.Equal(100, evidence.Count);
        Assert.Equal(peer.Uuid, Assert.Single(evidence.Peers).Uuid);
        Assert.Equal(T(2) + Tolerance, evidence.NextExpiry(Tolerance));
    }

    [Fact]
    public void Only_when_every_sender_is_evidence_is_the_least_recently_advanced_forgotten()
    {
        var evidence = Heard(Node(100, 1, "a"), Node(100, 2, "b"), Node(100, 3, "c"));
        evidence = evidence.Observe(From(Node(100, 3, "c"), 202), T(3)).Observe(From(Node(100, 1, "a"), 202), T(3.5));

        evidence = evidence.Observe(From(Node(10, 4, "new"), 100), T(4), maxSenders: 3);

        Assert.Equal([Uuid(1), Uuid(3)], evidence.Peers.Select(p => p.Uuid));
        Assert.Equal(3, evidence.Count);
    }

    [Fact]
    public void Expiry_after_a_flood_forgets_exactly_the_stale_senders_in_order()
    {
        var evidence = SkewEvidence.Empty;
        for (int i = 0; i < 1_000; i++)
        {
            evidence = evidence.Observe(From(Node(10, 1000 + i, "flood"), 100), T(i / 1000.0), maxSenders: 100);
        }

        Assert.Equal(T(0.9) + Tolerance, evidence.NextExpiry(Tolerance));
        var later = evidence.Expire(T(0.95) + Tolerance, Tolerance);
        Assert.Equal(50, later.Count); // 950..999: heard no more than the tolerance ago
        Assert.Equal(T(0.95) + Tolerance, later.NextExpiry(Tolerance));
    }

    [Fact]
    public void The_accepted_bar_is_bounded_and_a_sender_accepted_again_is_not_the_one_forgotten()
    {
        var evidence = SkewEvidence.Empty.Accept(From(Node(90, 0), 100), T(0));
        for (int i = 1; i < SkewEvidence.Capacity; i++)
        {
            evidence = evidence.Accept(From(Node(90, i), 100), T(i));
        }
        evidence = evidence.Accept(From(Node(90, 0), 101), T(SkewEvidence.Capacity));

        for (int i = 0; i < 10; i++)
        {
            evidence = evidence.Accept(From(Node(90, 100_000 + i), 100), T(SkewEvidence.Capacity + 1 + i));
            Assert.Equal(SkewEvidence.Capacity, evidence.AcceptedCount);
        }

        Assert.True(evidence.IsReplay(From(Node(90, 0), 101)));
        Assert.False(evidence.IsReplay(From(Node(90, 1), 100)));
        Assert.False(evidence.IsReplay(From(Node(90, 10), 100)));
        Assert.True(evidence.IsReplay(From(Node(90, 11), 100)));
    }

    [Theory]
    [InlineData(150, true)]   // older than what was accepted: a replay of a capture
    [InlineData(200, true)]   // the very second accepted last
    [InlineData(201, false)]  // newer: a clock that jumped, not a replay
    public void A_skewed_announce_no_newer_than_one_accepted_from_its_sender_is_a_replay_even_after_the_sender_left(double at, bool replay)
    {
        var peer = Node(90, 1);
        var evidence = SkewEvidence.Empty.Accept(From(peer, 100), T(1)).Accept(From(peer, 200), T(2)).Accept(From(peer, 180), T(3));

        // Expiry forgets skewed senders, never what was accepted.
        evidence = evidence.Expire(T(1000), Tolerance);

        Assert.Equal(replay, evidence.IsReplay(From(peer, at)));
        Assert.False(evidence.IsReplay(From(Node(90, 2), at)));
    }

    [Fact]
    public void Replays_advancing_in_capture_order_never_become_evidence_once_the_capture_was_accepted()
    {
        var peer = Node(90, 1);
        var evidence = SkewEvidence.Empty;
        for (int i = 0; i < 60; i++)
        {
            evidence = evidence.Accept(From(peer, 100 + i), T(i));
        }
        for (int i = 0; i < 60; i++)
        {
            var replayed = From(peer, 100 + i);
            Assert.True(evidence.IsReplay(replayed));
        }
        Assert.Equal(1, evidence.AcceptedCount);
    }
}
