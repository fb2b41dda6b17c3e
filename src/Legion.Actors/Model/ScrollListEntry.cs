namespace Legion.Actors.Model;

/// <summary>One scroll in a <see cref="ScrollList"/>.</summary>
/// <param name="Member">The member it belongs to; null for this node's own scroll.</param>
/// <param name="Scroll">The scroll bytes; empty when the node announces none.</param>
public sealed record ScrollListEntry(MemberKey? Member, ReadOnlyMemory<byte> Scroll);
