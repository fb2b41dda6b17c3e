using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Protocol;

namespace Legion.Actors.Simulation;

/// <summary>
/// One bound address on a <see cref="SimulatedNetwork"/> (a simulated socket): the transport actor behind it,
/// where it sends, and its counters. Touched only by the thread that drives the simulation.
/// </summary>
internal sealed class SimulatedPort(SimulatedNetwork network, int index, NodeAddress address)
{
    private static readonly int ReasonCount = Enum.GetValues<DropReason>().Length;

    public SimulatedNetwork Network { get; } = network;

    public int Index { get; } = index;

    public NodeAddress Address { get; } = address;

    /// <summary>The transport actor bound here; null before the first bind.</summary>
    public IActorRef? Transport { get; set; }

    /// <summary>The settings of the bound legion (where to send, key identity).</summary>
    public LegionSettings? Settings { get; set; }

    /// <summary>False while the machine is down (crashed, stopped): datagrams to it are lost.</summary>
    public bool Connected { get; set; }

    /// <summary>
    /// Called with the dead identity's valor when the bound transport sends a death announce: the process is about to
    /// exit, or, when that valor is no longer the node's, it changed identity at run time (the old one's death).
    /// </summary>
    public Action<ulong>? DeathAnnounced { get; set; }

    /// <summary>Where a send goes, resolved from the settings' nodes; rebuilt when the network's topology changes.</summary>
    public SimulatedPort[] Targets { get; set; } = [];

    public int TargetsVersion { get; set; } = -1;

    /// <summary>Multicast groups this port listens on.</summary>
    public List<NodeAddress> Groups { get; } = [];

    /// <summary>Links from this port that are cut, by receiver index (grown on demand).</summary>
    public bool[] CutTo { get; set; } = [];

    public long Received { get; set; }

    public long Sent { get; set; }

    public long[] Drops { get; } = new long[ReasonCount];

    public bool IsCutTo(SimulatedPort to) => to.Index < CutTo.Length && CutTo[to.Index];

    public void CountDrop(DropReason reason) => Drops[(int)reason]++;

    public TransportStats Stats()
    {
        var drops = new Dictionary<DropReason, long>();
        for (var i = 0; i < Drops.Length; i++)
        {
            if (Drops[i] > 0)
            {
                drops[(DropReason)i] = Drops[i];
            }
        }

        return new TransportStats(Received, Sent, 0, drops);
    }
}
