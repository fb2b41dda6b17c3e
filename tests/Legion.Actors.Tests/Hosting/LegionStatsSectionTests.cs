using System.Text.Json;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Hosting;

/// <summary>The <c>legions</c>, <c>crons</c> and <c>daemons</c> sections of the stats document.</summary>
public class LegionStatsSectionTests
{
    private static readonly NodeIdentity Self = Node(90, 1, "me", 4242);
    private static readonly NodeIdentity Peer = Node(10, 2, "peer", 77);

    private static LegionStatus Status()
    {
        var table = Membership.Empty.Receive(From(Peer, 5, Self.AsVote, 0), Self, At(5), TimeSpan.FromSeconds(30)).Membership;
        // The peer agrees: same checksum over the same two nodes, and it votes for us.
        table = table.Receive(From(Peer, 5, Self.AsVote, table.Checksum(Self)) with { Scroll = "peer scroll"u8.ToArray() },
            Self, At(5), TimeSpan.FromSeconds(30)).Membership;
        var election = Election.Round(ElectionState.Initial, Self, table, 2, At(6), "my scroll"u8.ToArray()).State;
        var cron = new LegionCronJob(new CronSchedule(0, -2, -1, -1, -1), "backup", Unique: true);
        var daemon = new LegionDaemonSpec("nginx", "/run/nginx.pid");
        return new LegionStatus
        {
            Legion = "web",
            Address = NodeAddress.Udp("127.0.0.1", 4000),
            Self = Self,
            Quorum = 2,
            Nodes = [NodeAddress.Udp("127.0.0.1", 4001)],
            Election = election,
            Membership = table,
            Scroll = "my scroll"u8.ToArray(),
            ScrollList = ScrollList.Build("my scroll"u8.ToArray(), table.Members, 32768),
            Transport = new TransportStats(10, 20, 0, new Dictionary<DropReason, long> { [DropReason.DecryptFailed] = 3 }),
            LordWork = true,
            Crons = [new LegionCronStatus(cron, 1, 4, At(6).Wall, LegionActionResult.Success)],
            Daemons = [new LegionDaemonStatus(daemon, 999, 3, At(6).Wall)],
            At = At(7).Wall,
        };
    }

    private static JsonElement Document() => JsonDocument.Parse(UwsgiStatsJson.Write([Status()], 4242, "test")).RootElement;

    [Fact]
    public void Every_key_of_uwsgis_legion_section_is_there_with_uwsgis_types()
    {
        var legion = Document().GetProperty("legions")[0];

        Assert.Equal("web", legion.GetProperty("legion").GetString());
        Assert.Equal("127.0.0.1:4000", legion.GetProperty("addr").GetString());
        Assert.Equal(Self.Uuid, legion.GetProperty("uuid").GetString());
        Assert.Equal(90, legion.GetProperty("valor").GetInt32());
        Assert.Equal(JsonValueKind.Number, legion.GetProperty("checksum").ValueKind);
        Assert.Equal(2, legion.GetProperty("quorum").GetInt32());
        Assert.Equal(At(6).UnixSeconds, legion.GetProperty("i_am_the_lord").GetInt64());
        Assert.Equal(90, legion.GetProperty("lord_valor").GetInt32());
        Assert.Equal(Self.Uuid, legion.GetProperty("lord_uuid").GetString());
        Assert.Equal(["127.0.0.1:4001"], legion.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        var member = legion.GetProperty("members")[0];
        Assert.Equal(("peer", Peer.Uuid, 10, legion.GetProperty("checksum").GetUInt64(), At(5).UnixSeconds),
            (member.GetProperty("name").GetString(), member.GetProperty("uuid").GetString(), member.GetProperty("valor").GetInt32(),
             member.GetProperty("checksum").GetUInt64(), member.GetProperty("last_seen").GetInt64()));
    }

    [Fact]
    public void A_member_scroll_longer_than_the_scroll_max_size_is_shown_truncated_with_its_size()
    {
        var huge = new byte[65_535];
        huge.AsSpan().Fill((byte)'x');
        var table = Membership.Empty.Receive(From(Peer, 5) with { Scroll = huge }, Self, At(5), TimeSpan.FromSeconds(30)).Membership;
        var status = Status() with { Membership = table, ScrollMaxSize = 4096 };

        var member = JsonDocument.Parse(UwsgiStatsJson.Write([status], 4242, "test")).RootElement.GetProperty("legions")[0].GetProperty("members")[0];

        Assert.Equal(4096, member.GetProperty("scroll").GetString()!.Length);
        Assert.Equal(65_535, member.GetProperty("scroll_size").GetInt32());
        Assert.True(member.GetProperty("scroll_truncated").GetBoolean());
        // A scroll within the limit is shown whole, with no truncation keys.
        var normal = Document().GetProperty("legions")[0].GetProperty("members")[0];
        Assert.Equal("peer scroll", normal.GetProperty("scroll").GetString());
        Assert.False(normal.TryGetProperty("scroll_truncated", out _));
    }

    [Fact]
    public void Members_votes_scrolls_and_the_scroll_list_are_shown()
    {
        var legion = Document().GetProperty("legions")[0];
        var member = legion.GetProperty("members")[0];

        Assert.Equal((90, Self.Uuid), (member.GetProperty("lord_valor").GetInt32(), member.GetProperty("lord_uuid").GetString()));
        Assert.Equal("peer scroll", member.GetProperty("scroll").GetString());
        Assert.Equal("my scroll", legion.GetProperty("scroll").GetString());
        Assert.Equal("my scroll", legion.GetProperty("lord_scroll").GetString());
        Assert.Equal(2 + 9 + 2 + 11, legion.GetProperty("scrolls_size").GetInt32());
        Assert.False(legion.GetProperty("scrolls_truncated").GetBoolean());
        Assert.Equal([("me", "my scroll"), ("peer", "peer scroll")],
            legion.GetProperty("scrolls").EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("scroll").GetString())));
        Assert.True(legion.GetProperty("lord_work").GetBoolean());
        Assert.Equal(0, legion.GetProperty("suspended_until").GetInt64());
    }

    [Fact]
    public void Drops_are_counted_under_every_reason_zero_or_not()
    {
        var drops = Document().GetProperty("legions")[0].GetProperty("drops");

        Assert.Equal(3, drops.GetProperty("decrypt_failed").GetInt64());
        Assert.Equal(0, drops.GetProperty("clock_skew").GetInt64());
        Assert.Equal(Enum.GetValues<DropReason>().Length - 1, drops.EnumerateObject().Count());
    }

    [Fact]
    public void Lord_only_crons_and_daemons_are_listed_at_the_top_level_with_uwsgis_keys()
    {
        var root = Document();
        var cron = root.GetProperty("crons")[0];
        var daemon = root.GetProperty("daemons")[0];

        Assert.Equal((0, -2, -1, -1, -1), (cron.GetProperty("minute").GetInt32(), cron.GetProperty("hour").GetInt32(),
            cron.GetProperty("day").GetInt32(), cron.GetProperty("month").GetInt32(), cron.GetProperty("week").GetInt32()));
        Assert.Equal(("backup", 1, "web", 1, 4), (cron.GetProperty("command").GetString(), cron.GetProperty("unique").GetInt32(),
            cron.GetProperty("legion").GetString(), cron.GetProperty("running").GetInt32(), cron.GetProperty("runs").GetInt32()));
        Assert.Equal(At(6).UnixSeconds, cron.GetProperty("started_at").GetInt64());
        Assert.Equal(("nginx", 999, 2, "web", "/run/nginx.pid"), (daemon.GetProperty("cmd").GetString(), daemon.GetProperty("pid").GetInt32(),
            daemon.GetProperty("respawns").GetInt32(), daemon.GetProperty("legion").GetString(), daemon.GetProperty("pidfile").GetString()));
    }

    [Fact]
    public void Without_crons_or_daemons_there_is_no_such_section_as_in_uwsgi()
    {
        var root = JsonDocument.Parse(UwsgiStatsJson.Write([Status() with { Crons = [], Daemons = [] }], 1, "test")).RootElement;

        Assert.False(root.TryGetProperty("crons", out _));
        Assert.False(root.TryGetProperty("daemons", out _));
    }
}
