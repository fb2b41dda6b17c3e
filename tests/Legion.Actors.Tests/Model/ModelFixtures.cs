using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Model;

/// <summary>Builders for model tests: nodes, announces and times.</summary>
internal static class ModelFixtures
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static LegionInstant At(double seconds) =>
        new(Epoch.AddSeconds(seconds), TimeSpan.FromSeconds(seconds));

    /// <summary>A uuid whose text sorts by <paramref name="n"/> (same prefix, different tail).</summary>
    public static string Uuid(int n) => $"00000000-0000-4000-8000-{n:D12}";

    public static NodeIdentity Node(ulong valor, int uuid, string name = "self", long pid = 100) =>
        new(name, pid, valor, Uuid(uuid));

    public static Announce From(NodeIdentity node, double atSeconds, Vote vote = default, ulong checksum = 0, bool dead = false, string legion = "web") => new()
    {
        Legion = legion,
        Valor = node.Valor,
        Unix = At(atSeconds).UnixSeconds,
        Name = node.Name,
        Pid = node.Pid,
        Uuid = node.Uuid,
        Checksum = checksum,
        LordValor = vote.Valor,
        LordUuid = vote.Uuid,
        Dead = dead,
    };

    /// <summary>A table where every peer has been heard from at <paramref name="atSeconds"/>, voting as given.</summary>
    public static Membership Table(NodeIdentity self, double atSeconds, params (NodeIdentity Peer, Vote Vote, ulong Checksum)[] peers)
    {
        var table = Membership.Empty;
        foreach (var (peer, vote, checksum) in peers)
        {
            table = table.Receive(From(peer, atSeconds, vote, checksum), self, At(atSeconds), TimeSpan.FromSeconds(30)).Membership;
        }
        return table;
    }

    /// <summary>A table in which every peer agrees with <paramref name="self"/>'s view (same checksum, same candidate).</summary>
    public static Membership AgreeingTable(NodeIdentity self, double atSeconds, params NodeIdentity[] peers)
    {
        var keysOnly = Table(self, atSeconds, peers.Select(p => (p, Vote.None, 0UL)).ToArray());
        var candidate = Election.Candidate(self, keysOnly.Members, suspended: false);
        ulong checksum = keysOnly.Checksum(self);
        // Each peer computes the checksum over the same set of nodes, so it announces the same value.
        return Table(self, atSeconds, peers.Select(p => (p, candidate, checksum)).ToArray());
    }
}
