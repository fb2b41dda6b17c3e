using System.Collections.ObjectModel;
using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// One legion announce: what a node tells its peers about itself and its vote, once per
/// <c>legion-freq</c> (as uWSGI 2.0 legion.c, uwsgi_legion_announce). Immutable; equality is by
/// value, including the scroll bytes and the extensions.
/// </summary>
/// <remarks>
/// Text fields travel as raw bytes. <see cref="Legion"/>, <see cref="Name"/> and
/// <see cref="Extensions"/> are UTF-8 (a received invalid sequence becomes U+FFFD);
/// <see cref="Uuid"/> and <see cref="LordUuid"/> map each byte to one char (Latin-1), so any 36 bytes
/// survive a round trip exactly and the text is always 36 chars.
/// </remarks>
public sealed record Announce
{
    /// <summary>Legion name (wire key <c>legion</c>).</summary>
    public required string Legion { get; init; }

    /// <summary>
    /// Sender's valor, unsigned decimal on the wire (<c>valor</c>); 0 means arbiter. Configuration keeps
    /// it within 16 bits because uWSGI 2.0 stores a member's valor in a uint16 (legion.c,
    /// uwsgi_legion_add_node) and would never recognise a larger one as the same member.
    /// </summary>
    public required ulong Valor { get; init; }

    /// <summary>Sender's wall clock when it sent, unix seconds (<c>unix</c>).</summary>
    public required long Unix { get; init; }

    /// <summary>Unix seconds at which the sender became Lord; 0 when it is not Lord (<c>lord</c>; uWSGI sends it but never reads it).</summary>
    public long Lord { get; init; }

    /// <summary>Sender's host name (<c>name</c>); never empty in an announce that can be encoded or was decoded.</summary>
    public required string Name { get; init; }

    /// <summary>Sender's process id (<c>pid</c>). uWSGI keeps only the low 32 bits (pid_t); we keep the full value.</summary>
    public required long Pid { get; init; }

    /// <summary>Sender's run uuid, exactly 36 chars, each ≤ U+00FF (<c>uuid</c>); uWSGI sends the lowercase text form.</summary>
    public required string Uuid { get; init; }

    /// <summary>Sender's membership checksum (<c>checksum</c>); computed by the model layer.</summary>
    public ulong Checksum { get; init; }

    /// <summary>Valor of the node the sender votes for as Lord (<c>lord_valor</c>); 0 with no candidate.</summary>
    public ulong LordValor { get; init; }

    /// <summary>
    /// Uuid of the node the sender votes for (<c>lord_uuid</c>), 36 chars; null when it has no
    /// candidate, which the wire carries as 36 bytes of 0x00 (as uWSGI 2.0 legion.c,
    /// legions_check_nodes_step2). A received value of another length also reads as null.
    /// </summary>
    public string? LordUuid { get; init; }

    /// <summary>
    /// The sender's scroll (<c>scroll</c>), at most 65,535 bytes; null when it has none. An empty scroll
    /// is stored as null, because uWSGI sends the key only when the scroll is non-empty. The bytes are
    /// copied on assignment, so later changes to the caller's array do not leak in. (Note that a null
    /// <c>byte[]</c> converts to an empty, non-null memory; both read back as null here.)
    /// </summary>
    public ReadOnlyMemory<byte>? Scroll
    {
        get => _scroll;
        init => _scroll = value is { IsEmpty: false } bytes ? (ReadOnlyMemory<byte>?)bytes.ToArray() : null;
    }

    /// <summary>
    /// Sets <see cref="Scroll"/> without copying, for the decoder: the caller guarantees nobody ever
    /// writes to those bytes again (they may be shared by many announces).
    /// </summary>
    internal ReadOnlyMemory<byte>? SharedScroll
    {
        get => _scroll;
        init => _scroll = value is { IsEmpty: false } ? value : null;
    }

    private readonly ReadOnlyMemory<byte>? _scroll;

    /// <summary>True for a death announce (<c>dead</c>): the sender leaves now. uWSGI treats the key's presence as death, whatever its value.</summary>
    public bool Dead { get; init; }

    /// <summary>
    /// Keys uWSGI does not know, with their values, so that our own extensions can travel in the same
    /// datagram (uWSGI ignores them). Empty by default; copied on assignment. Keys are non-empty and
    /// never one of the keys uWSGI sends (see <see cref="AnnounceCodec.UwsgiKeys"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Extensions
    {
        get => _extensions;
        init => _extensions = value is null || value.Count == 0
            ? ReadOnlyDictionary<string, string>.Empty
            : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(value, StringComparer.Ordinal));
    }

    /// <summary>
    /// Sets <see cref="Extensions"/> by wrapping, not copying, a dictionary the decoder built and hands
    /// over (ordinal keys; nobody else keeps a reference to it).
    /// </summary>
    internal Dictionary<string, string>? OwnedExtensions
    {
        init => _extensions = value is null || value.Count == 0
            ? ReadOnlyDictionary<string, string>.Empty
            : new ReadOnlyDictionary<string, string>(value);
    }

    private readonly IReadOnlyDictionary<string, string> _extensions = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Value equality over every field, comparing scroll bytes and extension entries (ordinal).</summary>
    public bool Equals(Announce? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && Legion == other.Legion
            && Valor == other.Valor
            && Unix == other.Unix
            && Lord == other.Lord
            && Name == other.Name
            && Pid == other.Pid
            && Uuid == other.Uuid
            && Checksum == other.Checksum
            && LordValor == other.LordValor
            && LordUuid == other.LordUuid
            && ScrollEquals(Scroll, other.Scroll)
            && Dead == other.Dead
            && ExtensionsEqual(Extensions, other.Extensions);
    }

    /// <summary>A hash consistent with <see cref="Equals(Announce?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Legion);
        hash.Add(Valor);
        hash.Add(Unix);
        hash.Add(Lord);
        hash.Add(Name);
        hash.Add(Pid);
        hash.Add(Uuid);
        hash.Add(Checksum);
        hash.Add(LordValor);
        hash.Add(LordUuid);
        hash.AddBytes(Scroll is { } scroll ? scroll.Span : default);
        hash.Add(Dead);
        hash.Add(Extensions.Count);
        return hash.ToHashCode();
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Legion = {Legion}, Valor = {Valor}, Unix = {Unix}, Lord = {Lord}, Name = {Name}, Pid = {Pid}, ");
        builder.Append($"Uuid = {Uuid}, Checksum = {Checksum}, LordValor = {LordValor}, LordUuid = {LordUuid ?? "(none)"}, ");
        builder.Append($"Scroll = {(Scroll is { } scroll ? $"{scroll.Length} bytes" : "(none)")}, Dead = {Dead}, Extensions = {{");
        builder.AppendJoin(", ", Extensions.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        builder.Append('}');
        return true;
    }

    private static bool ScrollEquals(ReadOnlyMemory<byte>? a, ReadOnlyMemory<byte>? b) =>
        (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.Span.SequenceEqual(y.Span),
            _ => false,
        };

    private static bool ExtensionsEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out string? other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
