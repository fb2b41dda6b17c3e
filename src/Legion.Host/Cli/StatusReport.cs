using System.Globalization;
using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Host.Cli;

/// <summary>
/// <c>legion status</c>'s view of many nodes: one table per legion, one row per node queried (ours or uWSGI's),
/// with what uWSGI's stats leave out (a node's name, scroll, how fresh its peers see it) filled in from the other
/// nodes' member lists; and the disagreements an operator must see: different votes, several or no node claiming
/// lordship, different membership checksums. Members that were not queried count too, as the queried nodes' member
/// tables show them (their checksum; with a node of ours, also their vote and whether they claim lordship): a claim
/// or a disagreement visible anywhere in what was read makes the verdict. Every text a node reported (names, scrolls,
/// legion names, uuids) is shown escaped (<see cref="PeerText.Escape"/>): a peer's name can neither add a line to the
/// report nor drive the terminal. Pure: the caller gives the documents and the time.
/// </summary>
internal static class StatusReport
{
    public static IReadOnlyList<LegionTable> Build(IReadOnlyList<StatsDocument> documents, long nowUnix)
    {
        // The same node asked twice (its stats server and its control endpoint) is one row.
        var entries = documents.SelectMany(d => d.Legions.Select(l => (Source: d.Source, Legion: l)))
            .GroupBy(e => (e.Legion.Legion, e.Legion.Uuid, e.Legion.Valor))
            .Select(g => (Source: string.Join(", ", g.Select(e => e.Source)), g.First().Legion))
            .ToList();
        var tables = new List<LegionTable>();
        foreach (var group in entries.GroupBy(e => e.Legion.Legion, StringComparer.Ordinal))
        {
            var all = group.ToList();
            var members = all.SelectMany(e => e.Legion.Members.Select(m => (e.Source, Member: m))).ToList();
            string NameOf(ulong valor, string uuid) =>
                all.FirstOrDefault(e => e.Legion.Uuid == uuid && e.Legion.Name is not null).Legion?.Name
                ?? members.FirstOrDefault(m => m.Member.Uuid == uuid).Member?.Name
                ?? (uuid.Length >= 8 ? uuid[..8] : "?");
            var rows = all.Select(e =>
            {
                var l = e.Legion;
                var seen = members.Where(m => m.Source != e.Source && m.Member.Uuid == l.Uuid && m.Member.Valor == l.Valor).Select(m => m.Member.LastSeen).DefaultIfEmpty(0).Max();
                var scroll = l.Scroll ?? members.FirstOrDefault(m => m.Member.Uuid == l.Uuid && m.Member.Scroll is not null).Member?.Scroll;
                var vote = IsNone(l.LordUuid) ? "none" : $"{NameOf(l.LordValor, l.LordUuid)} ({l.LordValor})";
                return new LegionRow(NameOf(l.Valor, l.Uuid), e.Source, l.Valor, l.LordSince != 0, l.Votes, vote, VoteKey(l),
                    seen == 0 ? "-" : Ago(nowUnix - seen), l.Checksum, scroll ?? "-", l.Uuid);
            }).ToList();

            // A queried node speaks for itself. A member nobody queried is judged by the freshest entry the queried nodes'
            // member tables hold for it: its checksum always, its vote and its claim to lordship when a node of ours
            // listed it (uWSGI's stats leave those out). That is how a Lord that was not asked still shows.
            var queried = rows.Select(r => r.Uuid).ToHashSet(StringComparer.Ordinal);
            var sourceNames = rows.ToDictionary(r => r.Source, r => r.Node, StringComparer.Ordinal);
            var heard = members.Where(m => !queried.Contains(m.Member.Uuid))
                .GroupBy(m => (m.Member.Uuid, m.Member.Valor))
                .Select(g => new HeardMember(g.MaxBy(m => m.Member.LastSeen).Member, g.Select(m => sourceNames[m.Source]).Distinct().ToList()))
                .ToList();
            string Heard(HeardMember h) => $"{h.Member.Name} (from member tables)";

            var problems = new List<string>();
            var voters = rows.Select(r => (r.VoteKey, r.VoteFor, Who: r.Node))
                .Concat(heard.Where(h => h.Member.VoteValor is not null).Select(h => (
                    VoteKey: IsNone(h.Member.VoteUuid) ? "none" : $"{h.Member.VoteValor}/{h.Member.VoteUuid}",
                    VoteFor: IsNone(h.Member.VoteUuid) ? "none" : $"{NameOf(h.Member.VoteValor!.Value, h.Member.VoteUuid!)} ({h.Member.VoteValor})",
                    Who: Heard(h))))
                .ToList();
            var votes = voters.GroupBy(v => v.VoteKey).ToList();
            if (votes.Count > 1)
            {
                problems.Add("nodes vote for different Lords: " + string.Join("; ", votes.Select(v => $"{v.First().VoteFor} by {string.Join(", ", v.Select(x => x.Who))}")));
            }
            var claims = rows.Where(r => r.Lord).Select(r => (Name: r.Node, r.Valor, Queried: true))
                .Concat(heard.Where(h => h.Member.LordSince is > 0).Select(h => (Name: h.Member.Name, h.Member.Valor, Queried: false)))
                .ToList();
            if (claims.Count > 1)
            {
                problems.Add($"{claims.Count} nodes claim lordship: {string.Join(", ", claims.Select(c => c.Queried ? c.Name : c.Name + " (from member tables)"))}");
            }
            else if (claims.Count == 0)
            {
                problems.Add("no node claims lordship (an election under way, no quorum, or the Lord was not queried)");
            }
            var checksums = rows.Select(r => (Who: r.Node, r.Checksum)).Concat(heard.Select(h => (Who: Heard(h), h.Member.Checksum))).ToList();
            if (checksums.DistinctBy(c => c.Checksum).Count() > 1)
            {
                problems.Add("checksum mismatch (they see different member lists): " + string.Join(", ", checksums.Select(c => $"{c.Who} {c.Checksum}")));
            }
            var notes = heard.Count > 0
                ? new[] { $"known only from the member tables of {string.Join(", ", heard.SelectMany(h => h.SeenBy).Distinct())}: " + string.Join(", ", heard.Select(Describe)) }
                : [];
            var lord = claims is [var only] ? $"Lord {only.Name} (valor {only.Valor}{(only.Queried ? "" : ", from member tables")})" : "no single Lord";
            tables.Add(new LegionTable(group.Key, lord, rows, problems, notes));
        }
        return tables;
    }

    public static string Render(IReadOnlyList<LegionTable> tables, IReadOnlyList<(string Source, string Error)> unreachable)
    {
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            text.Append(CultureInfo.InvariantCulture, $"legion {PeerText.Escape(table.Legion)}: {PeerText.Escape(table.Lord)}, {table.Rows.Count} node(s)\n");
            string[] header = ["NODE", "ADDRESS", "VALOR", "LORD", "VOTES", "VOTE FOR", "LAST SEEN", "CHECKSUM", "SCROLL"];
            var cells = table.Rows.Select(r => new[]
            {
                PeerText.Escape(r.Node), PeerText.Escape(r.Source), r.Valor.ToString(CultureInfo.InvariantCulture), r.Lord ? "yes" : "-",
                r.Votes?.ToString(CultureInfo.InvariantCulture) ?? "-", PeerText.Escape(r.VoteFor), r.LastSeen, r.Checksum.ToString(CultureInfo.InvariantCulture), Clip(r.Scroll),
            }).ToList();
            var widths = header.Select((h, i) => Math.Max(h.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            foreach (var line in cells.Prepend(header))
            {
                text.Append("  ").Append(string.Join("  ", line.Select((c, i) => i is 2 or 4 or 7 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd()).Append('\n');
            }
            foreach (var problem in table.Disagreements)
            {
                text.Append("  ! ").Append(PeerText.Escape(problem)).Append('\n');
            }
            foreach (var note in table.Notes)
            {
                text.Append("  note: ").Append(PeerText.Escape(note)).Append('\n');
            }
            if (table.Disagreements.Count == 0)
            {
                var r = table.Rows[0];
                text.Append(CultureInfo.InvariantCulture, $"  ok: every node votes for {PeerText.Escape(r.VoteFor)}, checksum {r.Checksum}\n");
            }
            text.Append('\n');
        }
        foreach (var (source, error) in unreachable)
        {
            text.Append("! ").Append(PeerText.Escape(source)).Append(": unreachable: ").Append(PeerText.Escape(error)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The tables with the "last seen" column blanked: what <c>--watch</c> compares to tell a change from time passing.</summary>
    public static IReadOnlyList<LegionTable> WithoutLastSeen(IReadOnlyList<LegionTable> tables) =>
        tables.Select(t => t with { Rows = t.Rows.Select(r => r with { LastSeen = "" }).ToList() }).ToList();

    private static bool IsNone(string? uuid) => uuid is null || uuid.Length == 0 || uuid.All(c => c == '\0');

    private static string Describe(HeardMember h)
    {
        var m = h.Member;
        var facts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"valor {m.Valor}") };
        if (m.LordSince is > 0)
        {
            facts.Add("claims lordship");
        }
        return $"{m.Name} ({string.Join(", ", facts)})";
    }

    /// <summary>A member that no queried node is, from the freshest entry of the member tables that list it.</summary>
    private sealed record HeardMember(StatsMember Member, IReadOnlyList<string> SeenBy);

    private static string VoteKey(StatsLegion l) => IsNone(l.LordUuid) ? "none" : $"{l.LordValor}/{l.LordUuid}";

    private static string Ago(long seconds) => seconds <= 0 ? "now" : string.Create(CultureInfo.InvariantCulture, $"{seconds} s ago");

    private static string Clip(string text)
    {
        var shown = PeerText.Escape(text);
        return shown.Length <= 40 ? shown : shown[..39] + "…";
    }
}

/// <summary>One legion in <c>legion status</c>.</summary>
internal sealed record LegionTable(string Legion, string Lord, IReadOnlyList<LegionRow> Rows, IReadOnlyList<string> Disagreements, IReadOnlyList<string> Notes);

/// <summary>One node of a legion in <c>legion status</c>.</summary>
internal sealed record LegionRow(string Node, string Source, ulong Valor, bool Lord, int? Votes, string VoteFor, string VoteKey, string LastSeen, ulong Checksum, string Scroll, string Uuid);
