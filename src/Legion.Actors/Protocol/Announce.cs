namespace Legion.Actors.Protocol;

/// <summary>Temporary stub; replaced by the protocol branch.</summary>
public sealed record Announce
{
    /// <summary>x</summary>
    public string Legion { get; init; } = "";
    /// <summary>x</summary>
    public ulong Valor { get; init; }
    /// <summary>x</summary>
    public long Unix { get; init; }
    /// <summary>x</summary>
    public long Lord { get; init; }
    /// <summary>x</summary>
    public string Name { get; init; } = "";
    /// <summary>x</summary>
    public long Pid { get; init; }
    /// <summary>x</summary>
    public string Uuid { get; init; } = "";
    /// <summary>x</summary>
    public ulong Checksum { get; init; }
    /// <summary>x</summary>
    public ulong LordValor { get; init; }
    /// <summary>x</summary>
    public string? LordUuid { get; init; }
    /// <summary>x</summary>
    public byte[]? Scroll { get; init; }
    /// <summary>x</summary>
    public bool Dead { get; init; }
    /// <summary>x</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; init; } = new Dictionary<string, string>();
}
