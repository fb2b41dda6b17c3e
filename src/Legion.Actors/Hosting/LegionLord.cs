namespace Legion.Actors.Hosting;

/// <summary>The Lord of a legion as this node sees it. Immutable.</summary>
/// <param name="Name">The Lord's host name; null when this node has not heard it announce (a moment after it left).</param>
/// <param name="Valor">The Lord's valor (1..65535).</param>
/// <param name="Uuid">The Lord's 36-character run uuid.</param>
/// <param name="Scroll">The Lord's scroll as UTF-8 text, or null when it has none.</param>
/// <param name="IsSelf">True when this node is the Lord.</param>
public sealed record LegionLord(string? Name, ulong Valor, string Uuid, string? Scroll, bool IsSelf);
