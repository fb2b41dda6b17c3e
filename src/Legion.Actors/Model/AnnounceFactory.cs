using Legion.Actors.Protocol;

namespace Legion.Actors.Model;

/// <summary>
/// Builds the announce a node sends, with uWSGI's fields (legion.c, <c>uwsgi_legion_announce</c>).
/// </summary>
internal static class AnnounceFactory
{
    /// <summary>Builds this node's announce from its election state.</summary>
    /// <param name="legion">Legion name.</param>
    /// <param name="self">This node.</param>
    /// <param name="state">The state after the last election round (checksum, vote, Lord time).</param>
    /// <param name="now">Current time: its wall clock becomes <c>unix</c>.</param>
    /// <param name="scroll">This node's scroll, or null.</param>
    /// <param name="dead">True for a death announce (<c>dead = 1</c>).</param>
    /// <param name="extensions">Extra keys uWSGI ignores (our extensions); null for none.</param>
    public static Announce Build(
        string legion, NodeIdentity self, ElectionState state, LegionInstant now,
        ReadOnlyMemory<byte>? scroll = null, bool dead = false, IReadOnlyDictionary<string, string>? extensions = null) => new()
    {
        Legion = legion,
        Valor = self.Valor,
        Unix = now.UnixSeconds,
        Lord = state.LordSince,
        Name = self.Name,
        Pid = self.Pid,
        Uuid = self.Uuid,
        Checksum = state.Checksum,
        LordValor = state.AnnouncedVote.Valor,
        LordUuid = state.AnnouncedVote.Uuid,
        Scroll = scroll?.ToArray(),
        Dead = dead,
        Extensions = extensions ?? new Dictionary<string, string>(),
    };
}
