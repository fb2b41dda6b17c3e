using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

public class RecentStringsTests
{
    [Fact]
    public void The_same_bytes_give_the_same_instance()
    {
        var table = new RecentStrings(16, 64, Encoding.UTF8);
        string first = table.Get("node-1"u8);

        Assert.Same(first, table.Get("node-1"u8));
        Assert.Equal("node-1", first);
    }

    [Fact]
    public void Bytes_that_differ_only_slightly_give_their_own_text_even_when_they_share_a_slot()
    {
        // One slot: every lookup collides, so only the full byte comparison tells them apart.
        var table = new RecentStrings(1, 64, Encoding.UTF8);
        string[] texts = ["node-1", "node-2", "node-1 ", "node-", "Node-1", "node-1"];

        foreach (string text in texts)
        {
            Assert.Equal(text, table.Get(Encoding.UTF8.GetBytes(text)));
        }
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Two_values_used_in_turn_are_both_kept_whatever_slots_they_hash_to()
    {
        // An announce's name and its extension key are looked up in one table every heartbeat. In a direct-mapped
        // table they evicted each other whenever the instance's random seed put them in one slot (1 time in 64 with
        // the reader's sizes, and the shared-instance test then failed). In sets of two ways, any pair stays.
        for (int trial = 0; trial < 200; trial++)
        {
            var table = new RecentStrings(4, 64, Encoding.UTF8);
            string name = table.Get(Encoding.UTF8.GetBytes("node-" + trial));
            string key = table.Get(Encoding.UTF8.GetBytes("x-key-" + trial));
            for (int round = 0; round < 3; round++)
            {
                Assert.Same(name, table.Get(Encoding.UTF8.GetBytes("node-" + trial)));
                Assert.Same(key, table.Get(Encoding.UTF8.GetBytes("x-key-" + trial)));
            }
        }
    }

    [Fact]
    public void Two_scrolls_used_in_turn_are_both_kept_whatever_slots_they_hash_to()
    {
        for (int trial = 0; trial < 200; trial++)
        {
            var table = new RecentScrolls(4, 64);
            var a = table.Get(Encoding.ASCII.GetBytes("scroll-a-" + trial));
            var b = table.Get(Encoding.ASCII.GetBytes("scroll-b-" + trial));
            for (int round = 0; round < 3; round++)
            {
                Assert.True(a.Span == table.Get(Encoding.ASCII.GetBytes("scroll-a-" + trial)).Span, "the first scroll's memory is shared");
                Assert.True(b.Span == table.Get(Encoding.ASCII.GetBytes("scroll-b-" + trial)).Span, "the second scroll's memory is shared");
            }
        }
    }

    [Fact]
    public void A_third_value_in_a_full_set_evicts_the_one_used_least_recently()
    {
        // Capacity 2 is one set: every value lands in it.
        var table = new RecentStrings(2, 64, Encoding.UTF8);
        string a = table.Get("a"u8);
        string b = table.Get("b"u8);
        Assert.Same(a, table.Get("a"u8));   // a is now the more recently used
        table.Get("c"u8);                   // evicts b

        Assert.Same(a, table.Get("a"u8));
        Assert.NotSame(b, table.Get("b"u8));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void Latin1_maps_every_byte_to_one_char()
    {
        var table = new RecentStrings(4, 36, Encoding.Latin1);
        byte[] bytes = [.. Enumerable.Range(220, 36).Select(i => (byte)i)];

        Assert.Equal(Encoding.Latin1.GetString(bytes), table.Get(bytes));
    }

    [Fact]
    public void Invalid_utf8_decodes_as_the_encoding_does()
    {
        var table = new RecentStrings(4, 36, Encoding.UTF8);
        byte[] bytes = [0x6E, 0xFF, 0xC3];

        Assert.Equal(Encoding.UTF8.GetString(bytes), table.Get(bytes));
        Assert.Equal(Encoding.UTF8.GetString(bytes), table.Get(bytes));
    }

    [Fact]
    public void Sequences_longer_than_the_limit_are_decoded_but_never_kept()
    {
        var table = new RecentStrings(4, 8, Encoding.UTF8);

        Assert.Equal("a-long-host-name", table.Get("a-long-host-name"u8));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Hostile_input_never_grows_the_table_beyond_its_slots_and_length_limit()
    {
        var table = new RecentStrings(32, 40, Encoding.Latin1);
        var random = new Random(1);
        for (int i = 0; i < 100_000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            Assert.Equal(Encoding.Latin1.GetString(bytes), table.Get(bytes));
        }

        Assert.True(table.Count <= 32);
        Assert.True(table.RetainedBytes <= 32 * 40);
    }

    [Fact]
    public void Two_tables_hash_differently_so_no_fixed_set_of_values_collides_in_every_process()
    {
        // Per-instance seeds: the slot a value lands in differs between tables (checked indirectly: with one slot
        // of room in a 2-slot table, some pair evicts in one table but not another). Here only that seeds differ.
        var seeds = Enumerable.Range(0, 8)
            .Select(_ => typeof(RecentStrings).GetField("seed", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .GetValue(new RecentStrings(2, 8, Encoding.UTF8)))
            .Distinct()
            .Count();

        Assert.True(seeds > 1);
    }

    [Fact]
    public void A_capacity_that_is_not_a_power_of_two_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentStrings(3, 8, Encoding.UTF8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentScrolls(0, 8));
    }

    [Fact]
    public void A_scroll_table_returns_the_kept_memory_for_the_same_bytes_and_fresh_memory_past_its_limit()
    {
        var table = new RecentScrolls(4, 16);
        var first = table.Get("role=web"u8);

        Assert.True(first.Span == table.Get("role=web"u8).Span);
        Assert.True(first.Span != table.Get("role=wec"u8).Span);
        byte[] large = new byte[17];
        Assert.True(table.Get(large).Span != table.Get(large).Span);
        Assert.Equal(large, table.Get(large).ToArray());
    }
}
