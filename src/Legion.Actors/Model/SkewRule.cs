namespace Legion.Actors.Model;

/// <summary>
/// Whether a node that hears some peers only through announces dropped for clock skew (see
/// <see cref="SkewEvidence"/>) may claim lordship. Both sides of a skew drop each other's announces, so without
/// this rule the skewed node, hearing no one, rules its own island while the others elect their own Lord (two
/// Lords), or, in uWSGI 2.0 (which accepts future-dated announces), a node whose clock runs ahead rules alone while
/// the others keep it as a disagreeing member and elect nobody (a stall). Here the two sides count themselves: the
/// side this node is on (itself and its members) may claim only if it is larger than the skewed side it hears, or
/// as large and holding the highest (valor, uuid) of both, exactly as the other side decides in reverse; so at most
/// one side claims, and a lone node with a bad clock facing two or more peers never rules. Pure.
/// </summary>
internal static class SkewRule
{
    /// <summary>The skewed peers that count: those in <paramref name="evidence"/> that are not also members (a member is already on our side).</summary>
    /// <param name="evidence">The skew evidence now.</param>
    /// <param name="membership">The member table now.</param>
    public static IReadOnlyList<SkewedPeer> SkewedPeers(SkewEvidence evidence, Membership membership)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(membership);
        var peers = evidence.Peers;
        return peers.Count == 0 ? peers : [.. peers.Where(p => !membership.Members.Any(m => m.Uuid == p.Uuid))];
    }

    /// <summary>
    /// True when this node may claim lordship (<see cref="Election.Round"/>'s <c>mayClaim</c>): no skewed peer is
    /// heard, or this node's side (itself plus its members) outnumbers the skewed peers, or is as large and the best
    /// (valor, uuid) on it beats every skewed peer's (as <see cref="Election.Beats"/>).
    /// </summary>
    /// <param name="self">This node.</param>
    /// <param name="membership">The member table now.</param>
    /// <param name="skewed">The skewed peers that count (<see cref="SkewedPeers"/>).</param>
    public static bool MayClaim(NodeIdentity self, Membership membership, IReadOnlyList<SkewedPeer> skewed)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(skewed);
        int side = membership.Count + 1;
        if (skewed.Count == 0 || side > skewed.Count)
        {
            return true;
        }
        if (side < skewed.Count)
        {
            return false;
        }
        var best = Election.AnnouncedVote(self, membership);
        return skewed.All(p => Election.Beats(best.Valor, best.Uuid!, p.Valor, p.Uuid));
    }
}
