using Legion.Actors.Model;
using Legion.Actors.Protocol;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public class ReplayGuardTests
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(1);

    private static (ReplayGuard Guard, bool Fresh) Feed(ReplayGuard guard, string sender, params ulong[] sequences)
    {
        bool fresh = false;
        foreach (var sequence in sequences)
        {
            (guard, fresh) = guard.Check(sender, sequence, T);
        }
        return (guard, fresh);
    }

    [Fact]
    public void A_sequence_number_seen_before_is_a_replay()
    {
        var (guard, _) = Feed(ReplayGuard.Empty, "a", 1, 2, 3);
        Assert.False(guard.Check("a", 3, T).Fresh);
        Assert.False(guard.Check("a", 2, T).Fresh);
        Assert.True(guard.Check("a", 4, T).Fresh);
    }

    [Fact]
    public void An_older_datagram_arriving_after_a_newer_one_is_refused_even_if_it_was_never_seen()
    {
        // 3 was never delivered; once 5 is in, 3 is stale state (and could be an attacker's capture).
        var (guard, _) = Feed(ReplayGuard.Empty, "a", 1, 5);
        Assert.False(guard.Check("a", 3, T).Fresh);
        Assert.True(guard.Check("a", 6, T).Fresh);
    }

    [Fact]
    public void Senders_are_tracked_separately()
    {
        var (guard, _) = Feed(ReplayGuard.Empty, "a", 1, 2);
        Assert.True(guard.Check("b", 1, T).Fresh);
    }

    [Fact]
    public void Silent_senders_are_forgotten_after_the_horizon_and_the_capacity_is_bounded()
    {
        var guard = ReplayGuard.Empty.Check("old", 1, TimeSpan.FromSeconds(1)).Guard.Check("new", 1, TimeSpan.FromSeconds(50)).Guard;
        Assert.Equal(1, guard.Forget(TimeSpan.FromSeconds(62), TimeSpan.FromSeconds(60)).Count);

        var full = ReplayGuard.Empty;
        for (int i = 0; i <= ReplayGuard.Capacity; i++)
        {
            full = full.Check($"sender-{i}", 1, TimeSpan.FromSeconds(i)).Guard;
        }
        Assert.Equal(ReplayGuard.Capacity, full.Count);
        // The least recently seen was evicted, so its replay is no longer recognised, but newer ones are.
        Assert.False(full.Check($"sender-{ReplayGuard.Capacity}", 1, T).Fresh);
    }

    [Fact]
    public void A_flood_of_new_senders_never_holds_more_than_the_capacity_and_keeps_the_newest()
    {
        var guard = ReplayGuard.Empty;
        for (int i = 0; i < 3 * ReplayGuard.Capacity; i++)
        {
            guard = guard.Check($"flood-{i}", 1, TimeSpan.FromMilliseconds(i)).Guard;
            Assert.True(guard.Count <= ReplayGuard.Capacity);
        }

        Assert.Equal(ReplayGuard.Capacity, guard.Count);
        Assert.False(guard.Check($"flood-{(3 * ReplayGuard.Capacity) - 1}", 1, T).Fresh);
        Assert.False(guard.Check($"flood-{2 * ReplayGuard.Capacity}", 1, T).Fresh);
        Assert.True(guard.Check($"flood-{(2 * ReplayGuard.Capacity) - 1}", 1, T).Fresh);
    }

    [Fact]
    public void A_sender_heard_again_is_not_the_one_forgotten_when_full()
    {
        var guard = ReplayGuard.Empty;
        for (int i = 0; i < ReplayGuard.Capacity; i++)
        {
            guard = guard.Check($"sender-{i}", 1, TimeSpan.FromSeconds(i)).Guard;
        }
        guard = guard.Check("sender-0", 2, TimeSpan.FromSeconds(ReplayGuard.Capacity)).Guard;

        guard = guard.Check("newcomer", 1, TimeSpan.FromSeconds(ReplayGuard.Capacity + 1)).Guard;

        Assert.Equal(ReplayGuard.Capacity, guard.Count);
        Assert.False(guard.Check("sender-0", 2, T).Fresh);
        Assert.True(guard.Check("sender-1", 1, T).Fresh);
        Assert.False(guard.Check("sender-2", 1, T).Fresh);
    }

    [Fact]
    public void Forgetting_silent_senders_keeps_those_heard_again_since()
    {
        var guard = ReplayGuard.Empty;
        for (int i = 0; i < 100; i++)
        {
            guard = guard.Check($"sender-{i}", 1, TimeSpan.FromSeconds(i)).Guard;
        }
        guard = guard.Check("sender-0", 2, TimeSpan.FromSeconds(100)).Guard;

        guard = guard.Forget(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(60));

        Assert.Equal(41, guard.Count); // sender-0 and sender-60..99
        Assert.False(guard.Check("sender-0", 2, T).Fresh);
        Assert.True(guard.Check("sender-59", 1, T).Fresh);
        Assert.False(guard.Check("sender-60", 1, T).Fresh);
    }

    [Theory]
    [InlineData(131)]   // future-dated beyond the skew tolerance
    [InlineData(69)]    // too old
    public void The_timestamp_window_is_left_to_Membership_so_skewed_announces_can_be_evidence(double unix)
    {
        var announce = From(Node(10, 2, "peer"), unix) with { Extensions = new Dictionary<string, string> { ["seq"] = "1" } };
        var (_, reason) = AnnounceFreshness.Check(ReplayGuard.Empty, announce, At(100));
        Assert.Equal(DropReason.None, reason);
    }

    [Fact]
    public void A_replayed_announce_is_dropped_and_the_guard_is_unchanged()
    {
        var announce = From(Node(10, 2, "peer"), 100) with { Extensions = new Dictionary<string, string> { ["seq"] = "7" } };
        var (guard, first) = AnnounceFreshness.Check(ReplayGuard.Empty, announce, At(100));
        var (same, second) = AnnounceFreshness.Check(guard, announce, At(101));

        Assert.Equal(DropReason.None, first);
        Assert.Equal(DropReason.Replayed, second);
        Assert.Same(guard, same);
    }
}
