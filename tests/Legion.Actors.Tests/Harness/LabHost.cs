using System.Net;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// One host of a <see cref="NetworkLab"/>: a network namespace with one interface, <see cref="Interface"/>,
/// whose peer is a port of the lab's bridge.
/// </summary>
/// <param name="Name">Short name used in the test (a, b, client...).</param>
/// <param name="Namespace">The network namespace's name.</param>
/// <param name="Address">The host's address on the lab network.</param>
/// <param name="BridgePort">The name of its veth peer inside the bridge namespace.</param>
internal sealed record LabHost(string Name, string Namespace, IPAddress Address, string BridgePort)
{
    /// <summary>The host's interface inside its namespace.</summary>
    public const string Interface = "eth0";

    public override string ToString() => $"{Name} ({Address}, netns {Namespace})";
}
