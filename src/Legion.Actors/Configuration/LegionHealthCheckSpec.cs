using System.Globalization;
using System.Text;
using Legion.Actors.Model;

namespace Legion.Actors.Configuration;

/// <summary>
/// One health check of a legion (extension option
/// <c>legion-health = NAME [interval=DURATION] [timeout=DURATION] [penalty=N|ineligible] [rise=N] [fall=N] [name=LABEL] CHECK</c>,
/// repeatable): run every <see cref="Interval"/>, bounded by <see cref="Timeout"/>; while it fails (after the
/// <see cref="Fall"/>/<see cref="Rise"/> hysteresis of <see cref="HealthCheckState"/>) this node announces its base
/// valor minus <see cref="Penalty"/>, or valor 0 when the penalty is <c>ineligible</c> (see <see cref="HealthValor"/>).
/// Health-driven valor was asked for in uWSGI issue #100; uWSGI 2.0 has no such option. Immutable.
/// </summary>
/// <remarks>
/// The check comes last in the option because a <c>cmd:</c> command runs to the end of the line, as uWSGI's
/// <c>cmd:</c> actions do; the options before it are <c>key=value</c> words and the bare word <c>ineligible</c>.
/// </remarks>
public sealed record LegionHealthCheckSpec
{
    /// <summary>Default <see cref="Interval"/>: 5 s.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="Timeout"/>: 2 s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Default <see cref="Rise"/>: 2 passed runs in a row.</summary>
    public const int DefaultRise = 2;

    /// <summary>Default <see cref="Fall"/>: 2 failed runs in a row.</summary>
    public const int DefaultFall = 2;

    /// <summary>The largest <see cref="Rise"/> or <see cref="Fall"/> accepted: 1000.</summary>
    public const int MaxRiseFall = 1000;

    /// <summary>What the check does: run a command, connect over TCP, or GET a URL.</summary>
    public required HealthCheckKind Kind { get; init; }

    /// <summary>
    /// The command (<see cref="HealthCheckKind.Command"/>, for <c>/bin/sh -c</c>), <c>HOST:PORT</c>
    /// (<see cref="HealthCheckKind.Tcp"/>; HOST a name, an IPv4 address or <c>[IPV6]</c>) or an absolute
    /// <c>http://</c> or <c>https://</c> URL (<see cref="HealthCheckKind.Http"/>). Never empty.
    /// </summary>
    public required string Target { get; init; }

    /// <summary>A short label for logs and status (<c>name=LABEL</c>); null (default) to use <see cref="Check"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Time from the start of one run to the start of the next (<c>interval=</c>); default 5 s, positive.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>
    /// A run still going after this long (<c>timeout=</c>) counts as failed and is cancelled: a command is killed with
    /// its process group (SIGKILL), a connection or request is aborted. Default 2 s, or the interval when that is
    /// shorter; positive and at most
    /// <see cref="Interval"/>, so that a run ends before the next is due (a run never overlaps the previous one: while
    /// one overruns, every due run counts as failed instead of starting).
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// What failing costs (<c>penalty=N</c>, N 1..65535 valor points, or <c>ineligible</c>). Default
    /// <see cref="HealthPenalty.MakesIneligible"/>: a node whose check fails must not be Lord, which is what a
    /// health check usually means; choose a penalty when a legion whose every node fails should still have a Lord.
    /// </summary>
    public HealthPenalty Penalty { get; init; } = HealthPenalty.MakesIneligible;

    /// <summary>Passed runs in a row that make a failing check healthy again (<c>rise=</c>); default 2, 1..1000.</summary>
    public int Rise { get; init; } = DefaultRise;

    /// <summary>Failed runs in a row that make a healthy check failing (<c>fall=</c>); default 2, 1..1000.</summary>
    public int Fall { get; init; } = DefaultFall;

    /// <summary>Where it was declared (<c>file:line</c>, option or configuration path), for messages.</summary>
    public string Source { get; init; } = "";

    /// <summary>The check as written: <c>cmd:COMMAND</c>, <c>tcp:HOST:PORT</c> or <c>http:URL</c>.</summary>
    public string Check => Kind switch
    {
        HealthCheckKind.Command => "cmd:" + Target,
        HealthCheckKind.Tcp => "tcp:" + Target,
        _ => "http:" + Target,
    };

    /// <summary>The label logs and status use: <see cref="Name"/>, or <see cref="Check"/> without one.</summary>
    public string Label => Name ?? Check;

    /// <summary>
    /// Reads the part of a <c>legion-health</c> value after the legion name:
    /// <c>[interval=DURATION] [timeout=DURATION] [penalty=N|ineligible] [rise=N] [fall=N] [name=LABEL] CHECK</c>.
    /// For code that builds <see cref="LegionDefinition.HealthChecks"/> itself.
    /// </summary>
    /// <param name="text">E.g. <c>interval=2s penalty=30 tcp:127.0.0.1:5432</c>.</param>
    /// <param name="source">Named in errors; default <c>code</c>.</param>
    /// <exception cref="LegionConfigurationException">The text is malformed (the message says which part and what was expected).</exception>
    public static LegionHealthCheckSpec Parse(string text, string source = "code")
    {
        ArgumentNullException.ThrowIfNull(text);
        return LegionHealthCheckSyntax.Parse(text, source, text, warn: null);
    }

    /// <summary>The option form after the legion name, with every setting spelt out (parsed back by <see cref="Parse"/>).</summary>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append("interval=").Append(LegionDuration.Format(Interval))
            .Append(" timeout=").Append(LegionDuration.Format(Timeout))
            .Append(' ').Append(Penalty.Ineligible ? "ineligible" : string.Create(CultureInfo.InvariantCulture, $"penalty={Penalty.Amount}"))
            .Append(CultureInfo.InvariantCulture, $" rise={Rise} fall={Fall}");
        if (Name is not null)
        {
            text.Append(" name=").Append(Name);
        }
        return text.Append(' ').Append(Check).ToString();
    }
}
