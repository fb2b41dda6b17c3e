using System.Globalization;
using System.Net;
using System.Text;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// One node of a benchmark legion, as one uWSGI ini file that both implementations read unchanged (our host
/// accepts uWSGI's legion options and ignores <c>master</c> and <c>die-on-term</c>).
/// </summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Bind">The node's legion address (loopback).</param>
/// <param name="Valor">Valor; the highest is Lord.</param>
/// <param name="Peers">Where the node sends its announces (<c>legion-node</c>), the other members and any bench listener.</param>
/// <param name="Frequency">legion-freq; uWSGI only takes whole seconds.</param>
/// <param name="Tolerance">legion-tolerance; uWSGI only takes whole seconds.</param>
/// <param name="Stats">Stats server address (uWSGI's JSON; ours mirrors it).</param>
public sealed record NodeSpec(string Legion, IPEndPoint Bind, int Valor, IReadOnlyList<IPEndPoint> Peers, TimeSpan Frequency, TimeSpan Tolerance, IPEndPoint Stats)
{
    /// <summary>The marker every benchmark node logs from its <c>lord</c> action (<c>log:</c>, both implementations).</summary>
    public const string LordMarker = "BENCH-LORD";

    /// <summary>Shared secret of every benchmark legion (aes-128-cbc, uWSGI's usual cipher).</summary>
    public const string Secret = "bench-secret";

    /// <summary>The legion's cipher (with <see cref="Secret"/>): aes-128-cbc, uWSGI's usual one, unless a bench asks for another.</summary>
    public string Cipher { get; init; } = "aes-128-cbc";

    /// <summary><c>legion-quorum</c>; 0 (the default) writes no quorum line.</summary>
    public int Quorum { get; init; }

    /// <summary>Extra <c>legion-lord</c> actions after the log marker, e.g. <c>cmd:sleep 30</c>.</summary>
    public IReadOnlyList<string> ExtraLordActions { get; init; } = [];

    /// <summary>The ini text.</summary>
    public string ToIni()
    {
        var ini = new StringBuilder();
        ini.AppendLine("[uwsgi]");
        ini.AppendLine("master = true");
        ini.AppendLine("die-on-term = true");
        ini.AppendLine(CultureInfo.InvariantCulture, $"legion = {Legion} {Bind} {Valor} {Cipher}:{Secret}");
        foreach (var peer in Peers)
        {
            ini.AppendLine(CultureInfo.InvariantCulture, $"legion-node = {Legion} {peer}");
        }
        ini.AppendLine(CultureInfo.InvariantCulture, $"legion-freq = {Duration(Frequency)}");
        ini.AppendLine(CultureInfo.InvariantCulture, $"legion-tolerance = {Duration(Tolerance)}");
        if (Quorum > 0)
        {
            ini.AppendLine(CultureInfo.InvariantCulture, $"legion-quorum = {Legion} {Quorum}");
        }
        ini.AppendLine(CultureInfo.InvariantCulture, $"legion-lord = {Legion} log:{LordMarker}");
        foreach (var action in ExtraLordActions)
        {
            ini.AppendLine(CultureInfo.InvariantCulture, $"legion-lord = {Legion} {action}");
        }
        ini.AppendLine(CultureInfo.InvariantCulture, $"stats = {Stats}");
        return ini.ToString();
    }

    // Whole seconds as uWSGI writes them; fractions in milliseconds (our extension).
    private static string Duration(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture)
            : $"{(long)value.TotalMilliseconds}ms";
}
