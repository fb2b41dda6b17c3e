using System.Globalization;
using System.Net;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// One legion for a <see cref="UwsgiLegionNode"/>: the values of uWSGI's <c>legion</c>,
/// <c>legion-node</c>, <c>legion-freq</c>, <c>legion-tolerance</c> and <c>legion-scroll</c> options.
/// </summary>
public sealed record UwsgiLegionConfig
{
    /// <summary>Legion name; default "gold".</summary>
    public string Legion { get; init; } = "gold";

    /// <summary>The node's valor (uWSGI keeps 16 bits); default 77.</summary>
    public int Valor { get; init; } = 77;

    /// <summary>OpenSSL cipher name; default aes-128-cbc.</summary>
    public string Cipher { get; init; } = "aes-128-cbc";

    /// <summary>Shared secret (no spaces: uWSGI splits the IV token off at the first space); default "s3cret".</summary>
    public string Secret { get; init; } = "s3cret";

    /// <summary>Optional IV token; default none.</summary>
    public string? Iv { get; init; }

    /// <summary>Addresses uWSGI sends its announces to (<c>legion-node</c>); default none.</summary>
    public IReadOnlyList<IPEndPoint> Nodes { get; init; } = [];

    /// <summary><c>legion-freq</c>, whole seconds; default 1 (uWSGI's own default is 3).</summary>
    public int FrequencySeconds { get; init; } = 1;

    /// <summary><c>legion-tolerance</c>, whole seconds; null for uWSGI's default (15).</summary>
    public int? ToleranceSeconds { get; init; }

    /// <summary><c>legion-scroll</c> text; null for none.</summary>
    public string? Scroll { get; init; }

    /// <summary>Further uWSGI options, appended as given.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The uWSGI arguments for this legion, uWSGI listening on <paramref name="legionPort"/> and serving stats on <paramref name="statsPort"/>.</summary>
    public IReadOnlyList<string> ToArguments(IPEndPoint legionPort, IPEndPoint statsPort)
    {
        // --master with no app is enough: uWSGI runs in "no-workers" mode and the legion thread runs
        // in the master. --die-on-term makes SIGTERM a shutdown (with a death announce), not a reload.
        var arguments = new List<string>
        {
            "--master",
            "--die-on-term",
            "--legion", $"{Legion} {legionPort} {Valor} {Cipher}:{Secret}{(Iv is null ? "" : " " + Iv)}",
            "--legion-freq", FrequencySeconds.ToString(CultureInfo.InvariantCulture),
            "--stats", statsPort.ToString(),
        };
        foreach (var node in Nodes)
        {
            arguments.AddRange(["--legion-node", $"{Legion} {node}"]);
        }

        if (ToleranceSeconds is { } tolerance)
        {
            arguments.AddRange(["--legion-tolerance", tolerance.ToString(CultureInfo.InvariantCulture)]);
        }

        if (Scroll is not null)
        {
            arguments.AddRange(["--legion-scroll", $"{Legion} {Scroll}"]);
        }

        arguments.AddRange(ExtraArguments);
        return arguments;
    }
}
