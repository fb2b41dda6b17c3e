using System.Text;
using Legion.Host.Cli;

namespace Legion.Actors.Tests.Host;

/// <summary><c>legion status</c>'s table and disagreements, from stats documents as uWSGI and our nodes write them.</summary>
public sealed class StatusReportTests
{
    private const long Now = 1_800_000_000;
    private const string A = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string B = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string U = "cccccccc-0000-4000-8000-000000000003";

    /// <summary>A stats document of ours (with the extension keys) or of uWSGI (without).</summary>
    private static StatsDocument Doc(string source, string uuid, int valor, long lord, int lordValor, string lordUuid, ulong checksum,
        string? name, string members, string legion = "web") =>
        StatsDocument.Parse(source, Encoding.UTF8.GetBytes($$"""
            { "version": "x", "legions": [ { "legion": "{{legion}}", "addr": "127.0.0.1:1", "uuid": "{{uuid}}", "valor": {{valor}},
              "checksum": {{checksum}}, "quorum": 0, "i_am_the_lord": {{lord}}, "lord_valor": {{lordValor}}, "lord_uuid": "{{lordUuid}}",
              "nodes": [], "members": [ {{members}} ] {{(name is null ? "" : $", \"name\": \"{name}\", \"votes\": 3, \"scroll\": \"role={name}\"")}} } ] }
            """));

    private static string Member(string name, string uuid, int valor, long lastSeen, string? scroll = null) =>
        $$"""{ "name": "{{name}}", "uuid": "{{uuid}}", "valor": {{valor}}, "checksum": 1, "last_seen": {{lastSeen}}{{(scroll is null ? "" : $", \"scroll\": \"{scroll}\"")}} }""";

    /// <summary>A member as our nodes list it: with its vote (<c>lord_valor</c>, <c>lord_uuid</c>) and its claim (<c>lord</c>).</summary>
    private static string OurMember(string name, string uuid, int valor, long lastSeen, ulong checksum, int voteValor, string voteUuid, long lord) =>
        $$"""{ "name": "{{name}}", "uuid": "{{uuid}}", "valor": {{valor}}, "checksum": {{checksum}}, "last_seen": {{lastSeen}}, "lord_valor": {{voteValor}}, "lord_uuid": "{{voteUuid}}", "lord": {{lord}} }""";

    [Fact]
    public void A_mixed_legion_in_agreement_is_one_table_with_uWSGIs_blanks_filled_from_its_peers()
    {
        var ours1 = Doc("127.0.0.1:9101", A, 90, Now - 30, 90, A, 777, "alpha", Member("bravo", B, 50, Now - 1) + "," + Member("uwsgi-host", U, 70, Now - 2, "u-scroll"));
        var ours2 = Doc("127.0.0.1:9102", B, 50, 0, 90, A, 777, "bravo", Member("alpha", A, 90, Now - 1) + "," + Member("uwsgi-host", U, 70, Now - 1));
        var uwsgi = Doc("127.0.0.1:9103", U, 70, 0, 90, A, 777, null, Member("alpha", A, 90, Now) + "," + Member("bravo", B, 50, Now));

        var table = Assert.Single(StatusReport.Build([ours1, ours2, uwsgi], Now));

        Assert.Empty(table.Disagreements);
        Assert.Equal("Lord alpha (valor 90)", table.Lord);
        var u = table.Rows.Single(r => r.Source == "127.0.0.1:9103");
        Assert.Equal(("uwsgi-host", "-", "1 s ago", "u-scroll", "alpha (90)"), (u.Node, u.Votes?.ToString() ?? "-", u.LastSeen, u.Scroll, u.VoteFor));
        var text = StatusReport.Render([table], []);
        Assert.Contains("ok: every node votes for alpha (90), checksum 777", text);
        Assert.Contains("uwsgi-host", text);
    }

    [Fact]
    public void Different_Lords_two_claims_and_a_checksum_mismatch_are_each_flagged()
    {
        var left = Doc("127.0.0.1:9101", A, 90, Now - 30, 90, A, 100, "alpha", "");
        var right = Doc("127.0.0.1:9102", B, 50, Now - 10, 50, B, 200, "bravo", "");

        var table = Assert.Single(StatusReport.Build([left, right], Now));

        Assert.Contains(table.Disagreements, d => d.StartsWith("nodes vote for different Lords: alpha (90) by alpha; bravo (50) by bravo", StringComparison.Ordinal));
        Assert.Contains(table.Disagreements, d => d == "2 nodes claim lordship: alpha, bravo");
        Assert.Contains(table.Disagreements, d => d.StartsWith("checksum mismatch", StringComparison.Ordinal) && d.Contains("alpha 100") && d.Contains("bravo 200"));
        Assert.Contains("! 2 nodes claim lordship", StatusReport.Render([table], []));
    }

    [Fact]
    public void Legions_are_tabled_apart_unreachable_nodes_listed_and_the_same_node_asked_twice_is_one_row()
    {
        var web = Doc("127.0.0.1:9101", A, 90, Now, 90, A, 1, "alpha", "");
        var again = Doc("http://127.0.0.1:9000", A, 90, Now, 90, A, 1, "alpha", "");
        var mail = Doc("127.0.0.1:9102", B, 50, Now, 50, B, 2, "bravo", "", legion: "mail");

        var tables = StatusReport.Build([web, again, mail], Now);
        var text = StatusReport.Render(tables, [("127.0.0.1:9999", "Connection refused")]);

        Assert.Equal(["web", "mail"], tables.Select(t => t.Legion));
        Assert.Equal("127.0.0.1:9101, http://127.0.0.1:9000", Assert.Single(tables[0].Rows).Source);
        Assert.Contains("! 127.0.0.1:9999: unreachable: Connection refused", text);
    }

    [Fact]
    public void A_uWSGI_node_with_no_candidate_votes_for_nobody()
    {
        var arbiter = Doc("127.0.0.1:9103", U, 0, 0, 0, new string('\0', 36).Replace("\0", "\\u0000"), 5, null, "");

        var row = Assert.Single(Assert.Single(StatusReport.Build([arbiter], Now)).Rows);

        Assert.Equal("none", row.VoteFor);
    }

    [Fact]
    public void A_member_nobody_queried_that_claims_lordship_in_the_queried_nodes_tables_is_flagged()
    {
        // alpha and bravo agree on alpha; carol, a member both list, rules alone (it hears neither) and votes for itself.
        var alpha = Doc("127.0.0.1:9101", A, 90, Now - 30, 90, A, 777, "alpha",
            Member("bravo", B, 50, Now - 1) + "," + OurMember("carol", U, 70, Now - 1, 70, 70, U, Now - 20));
        var bravo = Doc("127.0.0.1:9102", B, 50, 0, 90, A, 777, "bravo",
            Member("alpha", A, 90, Now - 1) + "," + OurMember("carol", U, 70, Now, 70, 70, U, Now - 20));

        var table = Assert.Single(StatusReport.Build([alpha, bravo], Now));
        var text = StatusReport.Render([table], []);

        Assert.Equal("no single Lord", table.Lord);
        Assert.Contains("2 nodes claim lordship: alpha, carol (from member tables)", table.Disagreements);
        Assert.Contains(table.Disagreements, d => d == "nodes vote for different Lords: alpha (90) by alpha, bravo; carol (70) by carol (from member tables)");
        Assert.Contains(table.Disagreements, d => d.StartsWith("checksum mismatch", StringComparison.Ordinal) && d.Contains("carol (from member tables) 70"));
        Assert.Contains("note: known only from the member tables of alpha, bravo: carol (valor 70, claims lordship)", text);
        Assert.DoesNotContain("ok:", text);
    }

    [Fact]
    public void A_Lord_that_was_not_queried_is_named_from_the_member_tables_and_agreement_is_ok()
    {
        var bravo = Doc("127.0.0.1:9102", B, 50, 0, 90, A, 777, "bravo", OurMember("alpha", A, 90, Now, 777, 90, A, Now - 30));

        var table = Assert.Single(StatusReport.Build([bravo], Now));

        Assert.Empty(table.Disagreements);
        Assert.Equal("Lord alpha (valor 90, from member tables)", table.Lord);
    }
}
