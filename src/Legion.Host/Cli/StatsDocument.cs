using System.Text.Json;

namespace Legion.Host.Cli;

/// <summary>
/// One node's stats as <c>legion status</c> reads them: uWSGI's stats JSON (<c>legions</c> array), from a uWSGI
/// node or one of ours (whose extra keys — <c>name</c>, <c>votes</c>, <c>scroll</c>, members' votes and scrolls —
/// fill in what uWSGI leaves out).
/// </summary>
/// <param name="Source">Where it was read (the address the operator gave).</param>
/// <param name="Legions">One entry per legion the node runs.</param>
internal sealed record StatsDocument(string Source, IReadOnlyList<StatsLegion> Legions)
{
    /// <summary>Parses a stats document.</summary>
    /// <exception cref="JsonException">Not JSON, or no <c>legions</c> array.</exception>
    public static StatsDocument Parse(string source, ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (!root.TryGetProperty("legions", out var legions) || legions.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the stats document has no 'legions' array (is legion or uWSGI run with --stats and a legion?)");
        }
        return new StatsDocument(source, legions.EnumerateArray().Select(StatsLegion.From).ToList());
    }
}

/// <summary>One legion in a node's stats.</summary>
internal sealed record StatsLegion(
    string Legion, string Addr, string? Name, string Uuid, ulong Valor, ulong Checksum, int Quorum, long LordSince,
    ulong LordValor, string LordUuid, int? Votes, string? Scroll, IReadOnlyList<StatsMember> Members)
{
    public static StatsLegion From(JsonElement e) => new(
        Str(e, "legion") ?? "?", Str(e, "addr") ?? "?", Str(e, "name"), Str(e, "uuid") ?? "", U64(e, "valor"), U64(e, "checksum"),
        (int)I64(e, "quorum"), I64(e, "i_am_the_lord"), U64(e, "lord_valor"), Str(e, "lord_uuid") ?? "",
        e.TryGetProperty("votes", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null,
        Str(e, "scroll"),
        e.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().Select(StatsMember.From).ToList() : []);

    internal static string? Str(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static ulong U64(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var n) ? n : 0;

    internal static long I64(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;
}

/// <summary>
/// One member in a node's stats. <c>lord_valor</c>, <c>lord_uuid</c> (its vote), <c>lord</c> (the unix time it announced
/// it became Lord, 0 when it does not claim lordship) and <c>scroll</c> come only from our nodes: uWSGI's stats leave them
/// out, and they are null then.
/// </summary>
internal sealed record StatsMember(string Name, string Uuid, ulong Valor, ulong Checksum, long LastSeen, ulong? VoteValor, string? VoteUuid, string? Scroll,
    long? LordSince = null)
{
    public static StatsMember From(JsonElement e) => new(
        StatsLegion.Str(e, "name") ?? "?", StatsLegion.Str(e, "uuid") ?? "", StatsLegion.U64(e, "valor"), StatsLegion.U64(e, "checksum"),
        StatsLegion.I64(e, "last_seen"),
        e.TryGetProperty("lord_valor", out _) ? StatsLegion.U64(e, "lord_valor") : null, StatsLegion.Str(e, "lord_uuid"), StatsLegion.Str(e, "scroll"),
        e.TryGetProperty("lord", out var lord) && lord.ValueKind == JsonValueKind.Number && lord.TryGetInt64(out var since) ? since : null);
}
