using Legion.Actors.Model;

namespace Legion.Actors.Hosting;

/// <summary>The Lord of a legion as this node sees it. Immutable.</summary>
/// <param name="Name">The Lord's host name; null when this node has not heard it announce (a moment after it left).</param>
/// <param name="Valor">The Lord's valor (1..65535).</param>
/// <param name="Uuid">The Lord's 36-character run uuid.</param>
/// <param name="Scroll">The Lord's scroll as UTF-8 text, or null when it has none.</param>
/// <param name="IsSelf">True when this node is the Lord.</param>
public sealed record LegionLord(string? Name, ulong Valor, string Uuid, string? Scroll, bool IsSelf)
{
    /// <summary>
    /// The Lord as <paramref name="self"/> sees it after its latest election round: the candidate of a quorate round;
    /// during a disagreement (a member's checksum or vote differs) the Lord seen before, <paramref name="previous"/>;
    /// otherwise (no quorum, not warmed up) none. The one rule behind <see cref="LegionSnapshot.Lord"/> and
    /// <see cref="Actors.LordChanged"/>. Pure.
    /// </summary>
    /// <param name="self">This node's identity.</param>
    /// <param name="election">This node's election state.</param>
    /// <param name="membership">This node's member table (for the Lord's name).</param>
    /// <param name="previous">The Lord seen before; null for none.</param>
    /// <returns>The Lord, or null when there is none.</returns>
    public static LegionLord? Of(NodeIdentity self, ElectionState election, Membership membership, LegionLord? previous)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(membership);
        return election.Verdict switch
        {
            RoundVerdict.Quorate => Quorate(self, election, membership, previous),
            RoundVerdict.Disagreement => previous,
            _ => null,
        };
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are the same Lord (uuid, valor, and whether it is this node), or both none.</summary>
    /// <param name="a">A Lord or null.</param>
    /// <param name="b">A Lord or null.</param>
    /// <returns>Whether they are the same.</returns>
    public static bool Same(LegionLord? a, LegionLord? b) =>
        a is null ? b is null : b is not null && a.Uuid == b.Uuid && a.Valor == b.Valor && a.IsSelf == b.IsSelf;

    private static LegionLord? Quorate(NodeIdentity self, ElectionState election, Membership membership, LegionLord? previous)
    {
        var candidate = election.Candidate;
        if (candidate.Uuid is not { } uuid)
        {
            return null;
        }
        var scroll = election.LordScroll is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes.Span) : null;
        if (candidate == self.AsVote)
        {
            return new LegionLord(self.Name, candidate.Valor, uuid, scroll, IsSelf: true);
        }
        var member = membership.Members.FirstOrDefault(m => m.Valor == candidate.Valor && m.Uuid == uuid);
        var name = member?.Name ?? (previous?.Uuid == uuid ? previous.Name : null);
        return new LegionLord(name, candidate.Valor, uuid, scroll, IsSelf: false);
    }
}
