using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// Opens the datagrams of one legion with the same checks, in the same order and with the same drop
/// reasons as <see cref="LegionDatagram.TryOpen(ReadOnlySpan{byte}, ILegionCipher, string, out Announce?, out DropReason)"/>,
/// but reusing its own memory: the body is decrypted into a buffer this reader keeps, and the values
/// that repeat in every heartbeat (the legion name, member names, uuids, extension keys, scrolls) come
/// back as the same instances as the last time those exact bytes were seen. After warm-up, a datagram
/// costs one allocation: the <see cref="Announce"/> itself (plus, when the announce has extensions, as
/// every authenticated-mode announce does, its extension dictionary and values), and for camellia-*-cbc and
/// cast5-cbc what BouncyCastle's engine allocates per block (40 bytes per 16-byte block, 32 per 8-byte block).
/// Never throws for a bad datagram.
/// </summary>
/// <remarks>
/// Memory is bounded whatever arrives: at most <see cref="NameSlots"/> names of up to
/// <see cref="MaxKeptNameLength"/> bytes, <see cref="UuidSlots"/> uuids, <see cref="ScrollSlots"/>
/// scrolls of up to <see cref="MaxKeptScrollLength"/> bytes, and one body buffer of at most
/// <see cref="LegionDatagram.MaxDatagramLength"/> bytes (about 450 KB in the worst case). Each table
/// is direct-mapped with a per-instance hash seed and replaces on a miss, so a flood of random or
/// colliding values only evicts entries (then the reader allocates as the static API does); it never
/// grows memory or search time. Not thread-safe: one reader per receiving actor.
/// </remarks>
internal sealed class LegionDatagramReader
{
    /// <summary>Slots for member names and extension keys (UTF-8).</summary>
    public const int NameSlots = 64;

    /// <summary>The longest name or extension key kept, in bytes (a DNS host name is at most 253); longer ones are decoded fresh each time.</summary>
    public const int MaxKeptNameLength = 255;

    /// <summary>Slots for uuids and lord uuids (36 bytes each).</summary>
    public const int UuidSlots = 256;

    /// <summary>Slots for scrolls.</summary>
    public const int ScrollSlots = 16;

    /// <summary>The longest scroll kept, in bytes (twice uWSGI's default <c>legion-scroll-max-size</c>); longer ones are copied fresh each time.</summary>
    public const int MaxKeptScrollLength = 8192;

    private byte[] body = new byte[1024];

    /// <summary>Creates a reader for the legion named <paramref name="legion"/>.</summary>
    /// <param name="legion">The legion name; datagrams whose legion differs byte for byte (UTF-8) are dropped with <see cref="DropReason.WrongLegion"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="legion"/> is null.</exception>
    public LegionDatagramReader(string legion)
    {
        ArgumentNullException.ThrowIfNull(legion);
        Legion = legion;
        LegionBytes = Encoding.UTF8.GetBytes(legion);

        // A name with a lone surrogate does not survive UTF-8: then decode what arrives, as the static API does.
        LegionText = Encoding.UTF8.GetString(LegionBytes) == legion ? legion : null;
    }

    /// <summary>The legion name this reader accepts.</summary>
    public string Legion { get; }

    internal byte[] LegionBytes { get; }

    /// <summary>The string that decodes <see cref="LegionBytes"/> (the legion name itself), or null when it would not round-trip.</summary>
    internal string? LegionText { get; }

    internal RecentStrings Names { get; } = new(NameSlots, MaxKeptNameLength, Encoding.UTF8);

    internal RecentStrings Uuids { get; } = new(UuidSlots, AnnounceCodec.UuidLength, Encoding.Latin1);

    internal RecentScrolls Scrolls { get; } = new(ScrollSlots, MaxKeptScrollLength);

    /// <summary>
    /// Opens a datagram as <see cref="LegionDatagram.TryOpen(ReadOnlySpan{byte}, ILegionCipher, string, out Announce?, out DropReason)"/>
    /// does for this reader's legion. The announce shares no memory with <paramref name="datagram"/>, so
    /// the caller may reuse its buffer at once. Never throws for a bad datagram.
    /// </summary>
    /// <param name="datagram">The received datagram, whole.</param>
    /// <param name="cipher">The legion's cipher (one reader may be used with several, e.g. during a key rotation).</param>
    /// <param name="announce">The announce when the result is true; otherwise null.</param>
    /// <param name="reason"><see cref="DropReason.None"/> on success; otherwise the first failing check, as the static API orders them.</param>
    /// <returns>True when the datagram holds a usable announce of this legion.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cipher"/> is null (a programming error, not a datagram fault).</exception>
    public bool TryOpen(ReadOnlySpan<byte> datagram, ILegionCipher cipher, [NotNullWhen(true)] out Announce? announce, out DropReason reason)
    {
        int needed = datagram.Length - LegionDatagram.HeaderLength;
        if (needed > body.Length && datagram.Length <= LegionDatagram.MaxDatagramLength)
        {
            body = new byte[Math.Min(Math.Max(needed, body.Length * 2), LegionDatagram.MaxDatagramLength)];
        }
        return LegionDatagram.TryOpen(datagram, cipher, LegionBytes, checkLegion: true, this, body, out announce, out reason);
    }
}
