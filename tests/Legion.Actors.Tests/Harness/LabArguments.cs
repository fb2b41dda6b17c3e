using System.Globalization;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// Command lines that both uWSGI 2.0 and our host accept unchanged (ours ignores <c>--master</c> and
/// <c>--die-on-term</c>), so a scenario can run either implementation on any host.
/// </summary>
internal static class LabArguments
{
    public const string Secret = "harness-s3cret";
    public const int LegionPort = 4242;

    /// <summary>A unicast legion: bind the host's address, announce to every peer; freq 1 s, tolerance 3 s.</summary>
    public static string[] Unicast(string legion, LabHost self, int valor, IEnumerable<LabHost> peers, int quorum = 0, int statsPort = LabNode.StatsPort) =>
    [
        "--master", "--die-on-term",
        "--legion", $"{legion} {self.Address}:{LegionPort} {valor} aes-128-cbc:{Secret}",
        .. peers.SelectMany(p => new[] { "--legion-node", $"{legion} {p.Address}:{LegionPort}" }),
        .. quorum > 0 ? new[] { "--legion-quorum", $"{legion} {quorum.ToString(CultureInfo.InvariantCulture)}" } : [],
        "--legion-freq", "1", "--legion-tolerance", "3", "--legion-skew-tolerance", "30",
        "--stats", $"{self.Address}:{statsPort.ToString(CultureInfo.InvariantCulture)}",
    ];

    /// <summary>A multicast legion (<c>legion-mcast</c>) on <paramref name="group"/>; stats on every address of the host.</summary>
    public static string[] Multicast(string legion, string group, int valor, string cipher = "aes-128-cbc", int statsPort = LabNode.StatsPort) =>
    [
        "--master", "--die-on-term",
        "--legion-mcast", $"{legion} {group} {valor} {cipher}:{Secret}",
        "--legion-freq", "1", "--legion-tolerance", "3",
        "--stats", $"0.0.0.0:{statsPort.ToString(CultureInfo.InvariantCulture)}",
    ];
}
