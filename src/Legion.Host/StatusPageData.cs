namespace Legion.Host;

// What GET /api/legions serves (camelCase through HostJsonContext): the status page's one request. Typed records rather
// than anonymous objects so that System.Text.Json serializes them from generated code (no reflection; Native AOT).

/// <summary>The whole page: this process, every legion, and the timeline (newest last, at most 50 entries).</summary>
internal sealed record StatusPageData(int Pid, string Version, IReadOnlyList<LegionPageData> Legions, IReadOnlyList<TimelinePageEntry> Timeline);

/// <summary>
/// One legion as the page shows it; times are Unix milliseconds, <c>LordSince</c> Unix seconds (0: not Lord).
/// <c>SkewedPeers</c>: peers heard only through announces dropped for clock skew; <c>BaseValor</c>: the configured or
/// operator valor before health penalties; <c>Health</c>: one entry per <c>legion-health</c> check.
/// </summary>
internal sealed record LegionPageData(
    string Legion, bool Running, SelfPageData? Self, bool IsLord, long LordSince, LordPageData? Lord, int Votes, int SkewedPeers, int Quorum,
    string? Verdict, bool HasQuorum, string? Scroll, ulong BaseValor, IReadOnlyList<HealthPageData> Health, long At, IReadOnlyList<MemberPageData> Members);

/// <summary>One health check: its label, the check text, its state (e.g. <c>passing</c>, <c>failing</c>), its penalty and the last result's detail.</summary>
internal sealed record HealthPageData(string Name, string Check, string State, string Penalty, string? Detail);

/// <summary>This node in a legion.</summary>
internal sealed record SelfPageData(string Name, ulong Valor, string Uuid, long Pid);

/// <summary>The Lord as this node sees it.</summary>
internal sealed record LordPageData(string? Name, ulong Valor, string Uuid, string? Scroll, bool IsSelf);

/// <summary>One member of the table; <c>LastSeen</c> in Unix milliseconds.</summary>
internal sealed record MemberPageData(string Name, ulong Valor, string Uuid, long Pid, VotePageData? Vote, long LastSeen, bool IsLord, ulong Checksum);

/// <summary>The Lord a member votes for (its name when this node knows it).</summary>
internal sealed record VotePageData(ulong Valor, string? Uuid, string? Name);

/// <summary>One timeline line; <c>At</c> in Unix milliseconds.</summary>
internal sealed record TimelinePageEntry(long At, string Legion, string Kind, string Text);
