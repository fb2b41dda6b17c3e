namespace Legion.Actors.Model;

/// <summary>
/// One other node of the legion as last heard from. Immutable; <see cref="Membership"/> replaces it
/// on every announce.
/// </summary>
public sealed record Member
{
    /// <summary>Identity: (valor, name, uuid).</summary>
    public required MemberKey Key { get; init; }

    /// <summary>The member's valor; 0 = arbiter.</summary>
    public ulong Valor => Key.Valor;

    /// <summary>The member's host name.</summary>
    public string Name => Key.Name;

    /// <summary>The member's uuid.</summary>
    public string Uuid => Key.Uuid;

    /// <summary>True for an arbiter (valor 0).</summary>
    public bool IsArbiter => Key.Valor == 0;

    /// <summary>Process id it announced.</summary>
    public long Pid { get; init; }

    /// <summary>The membership checksum it announced.</summary>
    public ulong Checksum { get; init; }

    /// <summary>Its vote (<c>lord_valor</c>, <c>lord_uuid</c>).</summary>
    public Vote Vote { get; init; }

    /// <summary>Unix seconds at which it became Lord, 0 when it does not claim to be Lord.</summary>
    public long LordSince { get; init; }

    /// <summary>The <c>unix</c> timestamp of its last announce (its own clock).</summary>
    public long Unix { get; init; }

    /// <summary>Local monotonic time at which it was last heard from; drives expiry.</summary>
    public TimeSpan LastSeen { get; init; }

    /// <summary>Local wall-clock time at which it was last heard from (for stats).</summary>
    public DateTimeOffset LastSeenWall { get; init; }

    /// <summary>Local monotonic time at which it joined the member table.</summary>
    public TimeSpan JoinedAt { get; init; }

    /// <summary>
    /// Its scroll as last announced, or null. uWSGI 2.0 keeps the scroll of the announce that added the member
    /// (legion.c, <c>legion_loop</c>); here a later one replaces it, since nodes of this project can replace their
    /// scroll at run time.
    /// </summary>
    public ReadOnlyMemory<byte>? Scroll { get; init; }

    /// <summary>Keys of its announce that uWSGI does not know (our extensions), as last announced.</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; init; } = EmptyExtensions;

    private static readonly IReadOnlyDictionary<string, string> EmptyExtensions = new Dictionary<string, string>();
}
