using System.Globalization;
using System.Text;
using System.Text.Json;
using Legion.Actors.Actors;
using Legion.Actors.Model;

namespace Legion.Actors.Hosting;

/// <summary>
/// Writes legion statuses as uWSGI's stats server does (master_utils.c, <c>uwsgi_master_generate_stats</c>):
/// a JSON object whose <c>legions</c> array holds, per legion, <c>legion</c>, <c>addr</c>, <c>uuid</c>,
/// <c>valor</c>, <c>checksum</c>, <c>quorum</c>, <c>i_am_the_lord</c>, <c>lord_valor</c>, <c>lord_uuid</c>,
/// <c>nodes</c> and <c>members</c> (<c>name</c>, <c>uuid</c>, <c>valor</c>, <c>checksum</c>,
/// <c>last_seen</c>), with the same types. Extra keys (votes, verdict, scrolls and the scroll list, members' votes,
/// suspension, datagram counters and drops by reason, <c>base_valor</c>, and with <c>legion-health</c> checks a
/// <c>health</c> object: the summed <c>penalty</c>, <c>ineligible</c>, and per check its <c>name</c>, <c>check</c>,
/// <c>state</c> (<c>unknown</c>, <c>healthy</c>, <c>failing</c>), settings, runs in a row, <c>last_result</c> and times)
/// follow uWSGI's; tools that read uWSGI's stats ignore them.
/// The Lord-only cron tasks and daemons are listed at the top level as uWSGI lists its own: <c>crons</c>
/// (<c>minute</c>, <c>hour</c>, <c>day</c>, <c>month</c>, <c>week</c>, <c>command</c>, <c>unique</c>, <c>legion</c>,
/// <c>pid</c>, <c>started_at</c>) and <c>daemons</c> (<c>cmd</c>, <c>pid</c>, <c>respawns</c>), each with a few extra
/// keys. No secret is written.
/// </summary>
public static class UwsgiStatsJson
{
    /// <summary>The whole stats document, UTF-8 JSON.</summary>
    /// <param name="statuses">One status per legion.</param>
    /// <param name="pid">This process's id (top-level <c>pid</c>, as uWSGI).</param>
    /// <param name="version">Top-level <c>version</c>.</param>
    public static byte[] Write(IEnumerable<LegionStatus> statuses, long pid, string version)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("version", version);
            json.WriteNumber("pid", pid);
            var all = statuses.ToList();
            if (all.Any(s => s.Daemons.Count > 0))
            {
                WriteDaemons(json, all);
            }
            if (all.Any(s => s.Crons.Count > 0))
            {
                WriteCrons(json, all);
            }
            json.WriteStartArray("legions");
            foreach (var status in all)
            {
                WriteLegion(json, status);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteLegion(Utf8JsonWriter json, LegionStatus s)
    {
        var election = s.Election;
        json.WriteStartObject();
        json.WriteString("legion", s.Legion);
        json.WriteString("addr", s.Address.ToString());
        json.WriteString("uuid", s.Self.Uuid);
        json.WriteNumber("valor", s.Self.Valor);
        json.WriteNumber("checksum", election.Checksum);
        json.WriteNumber("quorum", s.Quorum);
        json.WriteNumber("i_am_the_lord", election.LordSince);
        json.WriteNumber("lord_valor", election.AnnouncedVote.Valor);
        json.WriteString("lord_uuid", election.AnnouncedVote.Uuid ?? "");
        json.WriteStartArray("nodes");
        foreach (var node in s.Nodes)
        {
            json.WriteStringValue(node.ToString());
        }
        json.WriteEndArray();
        json.WriteStartArray("members");
        foreach (var member in s.Membership.Members)
        {
            WriteMember(json, member, s.ScrollMaxSize);
        }
        json.WriteEndArray();

        // Extensions beyond uWSGI's keys.
        json.WriteString("name", s.Self.Name);
        json.WriteNumber("pid", s.Self.Pid);
        json.WriteNumber("votes", election.Votes);
        json.WriteString("verdict", election.Verdict?.ToString().ToLowerInvariant() ?? "none");
        json.WriteBoolean("joined", election.Joined);
        json.WriteString("candidate_uuid", election.Candidate.Uuid ?? "");
        json.WriteNumber("candidate_valor", election.Candidate.Valor);
        WriteScroll(json, "scroll", s.Scroll);
        WriteScroll(json, "lord_scroll", election.LordScroll);
        WriteScrollList(json, s);
        json.WriteNumber("suspended_until", election.SuspendedUntil == DateTimeOffset.MinValue ? 0 : election.SuspendedUntil.ToUnixTimeSeconds());
        json.WriteBoolean("lord_work", s.LordWork);
        json.WriteNumber("base_valor", s.BaseValor);
        if (s.Health.Count > 0)
        {
            WriteHealth(json, s);
        }
        if (s.Transport is { } transport)
        {
            json.WriteNumber("datagrams_received", transport.Received);
            json.WriteNumber("datagrams_sent", transport.Sent);
            json.WriteNumber("send_errors", transport.SendErrors);
            json.WriteStartObject("drops");
            // Every reason, zero or not, so the document's shape never depends on what happened.
            foreach (var reason in Enum.GetValues<Protocol.DropReason>().Where(r => r != Protocol.DropReason.None).OrderBy(r => r.ToString(), StringComparer.Ordinal))
            {
                json.WriteNumber(ToSnakeCase(reason.ToString()), transport.Drops.GetValueOrDefault(reason));
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteHealth(Utf8JsonWriter json, LegionStatus s)
    {
        var penalty = s.HealthPenalty;
        json.WriteStartObject("health");
        json.WriteNumber("penalty", penalty.Amount);
        json.WriteBoolean("ineligible", penalty.Ineligible);
        json.WriteStartArray("checks");
        foreach (var h in s.Health)
        {
            json.WriteStartObject();
            json.WriteString("name", h.Check.Label);
            json.WriteString("check", h.Check.Check);
            json.WriteString("state", h.State.State.ToString().ToLowerInvariant());
            json.WriteNumber("penalty", h.Check.Penalty.Amount);
            json.WriteBoolean("ineligible", h.Check.Penalty.Ineligible);
            json.WriteNumber("interval", h.Check.Interval.TotalSeconds);
            json.WriteNumber("timeout", h.Check.Timeout.TotalSeconds);
            json.WriteNumber("rise", h.Check.Rise);
            json.WriteNumber("fall", h.Check.Fall);
            json.WriteNumber("successes", h.State.Successes);
            json.WriteNumber("failures", h.State.Failures);
            json.WriteNumber("runs", h.Runs);
            json.WriteNumber("failed_runs", h.FailedRuns);
            json.WriteBoolean("running", h.Running);
            json.WriteString("last_result", h.LastResult?.Detail ?? "");
            json.WriteNumber("last_run", h.LastResultAt?.ToUnixTimeSeconds() ?? 0);
            json.WriteNumber("changed_at", h.ChangedAt?.ToUnixTimeSeconds() ?? 0);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteScrollList(Utf8JsonWriter json, LegionStatus s)
    {
        if (s.ScrollList is not { } list)
        {
            return;
        }
        json.WriteNumber("scrolls_size", list.Bytes.Length);
        json.WriteBoolean("scrolls_truncated", list.Truncated);
        json.WriteStartArray("scrolls");
        foreach (var entry in list.Entries)
        {
            json.WriteStartObject();
            var key = entry.Member ?? s.Self.Key;
            json.WriteString("name", key.Name);
            json.WriteString("uuid", key.Uuid);
            json.WriteNumber("valor", key.Valor);
            json.WriteString("scroll", Encoding.UTF8.GetString(entry.Scroll.Span));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteDaemons(Utf8JsonWriter json, IEnumerable<LegionStatus> statuses)
    {
        json.WriteStartArray("daemons");
        foreach (var status in statuses)
        {
            foreach (var daemon in status.Daemons)
            {
                json.WriteStartObject();
                json.WriteString("cmd", daemon.Daemon.Command);
                json.WriteNumber("pid", daemon.Pid ?? 0);
                json.WriteNumber("respawns", Math.Max(0, daemon.Starts - 1));
                json.WriteString("legion", status.Legion);
                json.WriteString("kind", daemon.Daemon.Option);
                if (daemon.Daemon.PidFile is { } pidFile)
                {
                    json.WriteString("pidfile", pidFile);
                }
                json.WriteBoolean("running", daemon.Running);
                json.WriteNumber("started_at", daemon.LastStartedAt?.ToUnixTimeSeconds() ?? 0);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
    }

    private static void WriteCrons(Utf8JsonWriter json, IEnumerable<LegionStatus> statuses)
    {
        json.WriteStartArray("crons");
        foreach (var status in statuses)
        {
            foreach (var cron in status.Crons)
            {
                var schedule = cron.Job.Schedule;
                json.WriteStartObject();
                json.WriteNumber("minute", schedule.Minute);
                json.WriteNumber("hour", schedule.Hour);
                json.WriteNumber("day", schedule.Day);
                json.WriteNumber("month", schedule.Month);
                json.WriteNumber("week", schedule.Weekday);
                json.WriteString("command", cron.Job.Command);
                json.WriteNumber("unique", cron.Job.Unique ? 1 : 0);
                json.WriteString("legion", status.Legion);
                // Runs go through the cmd action, which does not expose a pid; -1 as uWSGI writes for "not running".
                json.WriteNumber("pid", -1);
                json.WriteNumber("started_at", cron.LastStartedAt?.ToUnixTimeSeconds() ?? 0);
                json.WriteNumber("running", cron.Running);
                json.WriteNumber("runs", cron.Runs);
                if (cron.LastResult is { } last)
                {
                    json.WriteBoolean("last_succeeded", last.Succeeded);
                }
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
    }

    private static void WriteMember(Utf8JsonWriter json, Member member, int scrollMaxSize)
    {
        json.WriteStartObject();
        json.WriteString("name", member.Name);
        json.WriteString("uuid", member.Uuid);
        json.WriteNumber("valor", member.Valor);
        json.WriteNumber("checksum", member.Checksum);
        json.WriteNumber("last_seen", member.LastSeenWall.ToUnixTimeSeconds());
        json.WriteNumber("pid", member.Pid);
        json.WriteNumber("lord_valor", member.Vote.Valor);
        json.WriteString("lord_uuid", member.Vote.Uuid ?? "");
        json.WriteNumber("lord", member.LordSince);
        // A member's scroll longer than legion-scroll-max-size can never be the Lord scroll; showing it whole
        // would let forged members with 64 KiB scrolls turn one stats request into hundreds of MB.
        if (member.Scroll is { Length: var length } scroll && length > scrollMaxSize)
        {
            WriteScroll(json, "scroll", scroll[..scrollMaxSize]);
            json.WriteNumber("scroll_size", length);
            json.WriteBoolean("scroll_truncated", true);
        }
        else
        {
            WriteScroll(json, "scroll", member.Scroll);
        }
        json.WriteEndObject();
    }

    private static void WriteScroll(Utf8JsonWriter json, string key, ReadOnlyMemory<byte>? scroll)
    {
        if (scroll is { } bytes)
        {
            json.WriteString(key, Encoding.UTF8.GetString(bytes.Span));
        }
        else
        {
            json.WriteNull(key);
        }
    }

    private static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLower(name[i], CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
