using System.Text;
using Legion.Host.Cli;

namespace Legion.Actors.Tests.Host;

/// <summary><c>legion status</c> over stats documents that hold what a hostile peer announced.</summary>
public sealed class StatusReportHostileTests
{
    private const long Now = 1_800_000_000;
    private const string A = "aaaaaaaa-0000-4000-8000-000000000001";

    private static StatsDocument Parse(string json) => StatsDocument.Parse("127.0.0.1:9101", Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Control_characters_in_names_scrolls_and_uuids_are_shown_escaped_never_raw()
    {
        // As JSON carries them: \n, \r, ESC and BEL inside the name, the scroll and a member's name and uuid.
        var document = Parse($$"""
            { "legions": [ { "legion": "web", "addr": "127.0.0.1:1", "uuid": "{{A}}", "valor": 90, "checksum": 5, "quorum": 0,
              "i_am_the_lord": {{Now - 5}}, "lord_valor": 90, "lord_uuid": "{{A}}", "name": "alpha\n! forged\u001b[31m", "votes": 1,
              "scroll": "x\r\u0007y", "nodes": [],
              "members": [ { "name": "evil\nlegion web: Lord mallory", "uuid": "\n00000-0000-4000-8000-00000000000\u001b", "valor": 7,
                             "checksum": 5, "last_seen": {{Now}} } ] } ] }
            """);

        var tables = StatusReport.Build([document], Now);
        var text = StatusReport.Render(tables, []);

        Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain(text.Split('\n'), line => line.StartsWith("! forged", StringComparison.Ordinal) || line.StartsWith("legion web: Lord mallory", StringComparison.Ordinal));
        Assert.Contains("alpha\\n! forged\\u001b[31m", text, StringComparison.Ordinal);
        Assert.Contains("evil\\nlegion web: Lord mallory", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_valor_a_peer_can_announce_is_shown_as_it_is()
    {
        var document = Parse($$"""
            { "legions": [ { "legion": "web", "addr": "127.0.0.1:1", "uuid": "{{A}}", "valor": 18446744073709551615, "checksum": 5, "quorum": 0,
              "i_am_the_lord": {{Now - 5}}, "lord_valor": 18446744073709551615, "lord_uuid": "{{A}}", "name": "alpha", "nodes": [],
              "members": [ { "name": "big", "uuid": "bbbbbbbb-0000-4000-8000-000000000002", "valor": 18446744073709551615, "checksum": 5, "last_seen": {{Now}} } ] } ] }
            """);

        var table = Assert.Single(StatusReport.Build([document], Now));
        var text = StatusReport.Render([table], []);

        Assert.Equal(ulong.MaxValue, table.Rows.Single().Valor);
        Assert.Contains("Lord alpha (valor 18446744073709551615)", text, StringComparison.Ordinal);
        Assert.Contains("alpha (18446744073709551615)", text, StringComparison.Ordinal);
        Assert.Contains("big (valor 18446744073709551615)", text, StringComparison.Ordinal);
    }
}
