using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// Converts an <see cref="Announce"/> to and from the plaintext body of a legion datagram, a uwsgi
/// "vars" encoding (see PROTOCOL.md, "Body"). Stateless and thread-safe.
/// </summary>
internal static class AnnounceCodec
{
    /// <summary>
    /// The keys uWSGI 2.0 sends, in the order it sends them (as uWSGI 2.0 legion.c,
    /// uwsgi_legion_announce); <c>scroll</c> and <c>dead</c> only when they apply. No extension may use
    /// one of these.
    /// </summary>
    public static IReadOnlyList<string> UwsgiKeys { get; } =
        ["legion", "valor", "unix", "lord", "name", "pid", "uuid", "checksum", "lord_valor", "lord_uuid", "scroll", "dead"];

    /// <summary>
    /// The most unknown keys one decoded announce keeps in <see cref="Announce.Extensions"/>; later ones are
    /// ignored, as uWSGI ignores every unknown key. Without a bound, one 64 KiB datagram of empty keys would
    /// become a dictionary of ~6,500 entries (~400 KB) held per member: a memory amplification found by fuzzing.
    /// </summary>
    public const int MaxExtensions = 64;

    /// <summary>Length of a uuid on the wire, in bytes (as uWSGI 2.0 legion.c, uwsgi_parse_legion).</summary>
    public const int UuidLength = 36;

    /// <summary>
    /// Encodes <paramref name="announce"/> byte for byte as uWSGI would: the uWSGI keys in uWSGI's
    /// order (<c>scroll</c> only when there is one, <c>dead</c> = <c>1</c> only for a death announce),
    /// then the extensions in ordinal key order. Unsigned fields are written in unsigned decimal,
    /// signed ones in signed decimal (uWSGI's <c>%lld</c>); uWSGI reads back only values of at most 19
    /// digits and no sign, see <see cref="TryDecode"/>. A null <see cref="Announce.LordUuid"/> is
    /// written as 36 bytes of 0x00.
    /// </summary>
    /// <returns>The plaintext body; its length is the datagram's pktsize.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="announce"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The name is empty; the uuid or lord uuid is not 36 chars each ≤ U+00FF; a value (legion, name,
    /// scroll, extension) or extension key exceeds 65,535 bytes; an extension key is empty or one of
    /// <see cref="UwsgiKeys"/>.
    /// </exception>
    public static byte[] Encode(Announce announce)
    {
        var writer = new UwsgiVarsWriter();
        try
        {
            Write(ref writer, announce, sequence: null);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Writes the body of <see cref="Encode"/> into <paramref name="writer"/>; with a
    /// <paramref name="sequence"/>, as if the extensions also held <see cref="LegionDatagram.SequenceKey"/>
    /// = that number (replacing any value there), without copying the announce.
    /// </summary>
    internal static void Write(ref UwsgiVarsWriter writer, Announce announce, ulong? sequence)
    {
        ArgumentNullException.ThrowIfNull(announce);
        if (announce.Name.Length == 0)
        {
            throw new ArgumentException("An announce needs a non-empty Name: uWSGI never admits a member without one.", nameof(announce));
        }

        CheckUuid(announce.Uuid, nameof(Announce.Uuid));
        if (announce.LordUuid is { } lordUuid)
        {
            CheckUuid(lordUuid, nameof(Announce.LordUuid));
        }

        writer.AddText("legion"u8, announce.Legion);
        writer.AddNumber("valor"u8, announce.Valor);
        writer.AddNumber("unix"u8, announce.Unix);
        writer.AddNumber("lord"u8, announce.Lord);
        writer.AddText("name"u8, announce.Name);
        writer.AddNumber("pid"u8, announce.Pid);
        writer.AddLatin1("uuid"u8, announce.Uuid);
        writer.AddNumber("checksum"u8, announce.Checksum);
        writer.AddNumber("lord_valor"u8, announce.LordValor);
        if (announce.LordUuid is null)
        {
            writer.Add("lord_uuid"u8, stackalloc byte[UuidLength]);
        }
        else
        {
            writer.AddLatin1("lord_uuid"u8, announce.LordUuid);
        }

        if (announce.Scroll is { } scroll)
        {
            writer.Add("scroll"u8, scroll.Span);
        }

        if (announce.Dead)
        {
            writer.Add("dead"u8, "1"u8);
        }

        var extensions = announce.Extensions;
        if (extensions.Count == 0)
        {
            if (sequence is { } only)
            {
                writer.AddNumber("seq"u8, only);
            }
            return;
        }

        string[] keys = new string[extensions.Count + (sequence is not null && !extensions.ContainsKey(LegionDatagram.SequenceKey) ? 1 : 0)];
        int count = 0;
        foreach (var (key, _) in extensions)
        {
            keys[count++] = key;
        }
        if (count < keys.Length)
        {
            keys[count] = LegionDatagram.SequenceKey;
        }
        Array.Sort(keys, StringComparer.Ordinal);
        Span<byte> keyScratch = stackalloc byte[256];
        foreach (string key in keys)
        {
            if (key.Length == 0 || UwsgiKeys.Contains(key, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Extension key '{key}' is empty or is one of uWSGI's own keys.", nameof(announce));
            }

            int keyLength = Encoding.UTF8.GetByteCount(key);
            Span<byte> keyBytes = keyLength <= keyScratch.Length ? keyScratch : new byte[keyLength];
            keyBytes = keyBytes[..Encoding.UTF8.GetBytes(key, keyBytes)];
            if (sequence is { } number && key == LegionDatagram.SequenceKey)
            {
                writer.AddNumber(keyBytes, number);
            }
            else
            {
                writer.AddText(keyBytes, extensions[key]);
            }
        }
    }

    /// <summary>
    /// Decodes a plaintext body with uWSGI 2.0's rules (legion.c, uwsgi_parse_legion): known keys are
    /// matched byte for byte, a repeated key's last value wins, a <c>uuid</c> or <c>lord_uuid</c> whose
    /// length is not 36 is ignored, <c>dead</c> counts whatever its value, a missing number is 0, and
    /// numbers are read exactly as uWSGI reads them, including its quirks (a non-digit counts as its
    /// distance from '0', arithmetic wraps at 2^64, 20 or more characters read as 0). Unknown keys go to
    /// <see cref="Announce.Extensions"/>, the first <see cref="MaxExtensions"/> distinct ones (a repeated key's last
    /// value wins). Does not check the legion name (see
    /// <see cref="LegionDatagram.TryOpen(ReadOnlySpan{byte}, ILegionCipher, string, out Announce?, out DropReason)"/>).
    /// Never throws.
    /// </summary>
    /// <param name="body">The decrypted body.</param>
    /// <param name="announce">The announce when the result is true; otherwise null.</param>
    /// <param name="reason"><see cref="DropReason.None"/> on success; otherwise <see cref="DropReason.Malformed"/>, <see cref="DropReason.MissingUuid"/> or <see cref="DropReason.MissingName"/>, checked in that order.</param>
    /// <returns>True when the body is a usable announce.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> body, [NotNullWhen(true)] out Announce? announce, out DropReason reason) =>
        TryDecodeCore(body, expectedLegion: default, checkLegion: false, reader: null, out announce, out reason);

    /// <summary>
    /// Decodes, checking the legion name (byte for byte) right after the parse, as uWSGI does; with a
    /// <paramref name="reader"/>, repeating values come from its bounded tables instead of new copies.
    /// </summary>
    internal static bool TryDecodeCore(
        ReadOnlySpan<byte> body,
        ReadOnlySpan<byte> expectedLegion,
        bool checkLegion,
        LegionDatagramReader? reader,
        [NotNullWhen(true)] out Announce? announce,
        out DropReason reason)
    {
        announce = null;
        ReadOnlySpan<byte> legion = default, name = default, uuid = default, lordUuid = default, scroll = default;
        ulong valor = 0, unix = 0, lord = 0, pid = 0, checksum = 0, lordValor = 0;
        bool dead = false;
        Dictionary<string, string>? extensions = null;

        var vars = new UwsgiVarsReader(body);
        UwsgiVarsStep step;
        while ((step = vars.Next(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)) == UwsgiVarsStep.Pair)
        {
            if (key.SequenceEqual("legion"u8)) { legion = value; }
            else if (key.SequenceEqual("valor"u8)) { valor = UwsgiNumber.Parse(value); }
            else if (key.SequenceEqual("unix"u8)) { unix = UwsgiNumber.Parse(value); }
            else if (key.SequenceEqual("lord"u8)) { lord = UwsgiNumber.Parse(value); }
            else if (key.SequenceEqual("name"u8)) { name = value; }
            else if (key.SequenceEqual("pid"u8)) { pid = UwsgiNumber.Parse(value); }
            else if (key.SequenceEqual("uuid"u8)) { uuid = value.Length == UuidLength ? value : uuid; }
            else if (key.SequenceEqual("checksum"u8)) { checksum = UwsgiNumber.Parse(value); }
            else if (key.SequenceEqual("lord_valor"u8)) { lordValor = UwsgiNumber.Parse(value); }
            else if (key.SequenceEqual("lord_uuid"u8)) { lordUuid = value.Length == UuidLength ? value : lordUuid; }
            else if (key.SequenceEqual("scroll"u8)) { scroll = value; }
            else if (key.SequenceEqual("dead"u8)) { dead = true; }
            else
            {
                extensions ??= new Dictionary<string, string>(StringComparer.Ordinal);
                string unknown = reader?.Names.Get(key) ?? Encoding.UTF8.GetString(key);
                if (extensions.Count < MaxExtensions || extensions.ContainsKey(unknown))
                {
                    extensions[unknown] = Encoding.UTF8.GetString(value);
                }
            }
        }

        if (step == UwsgiVarsStep.Malformed)
        {
            reason = DropReason.Malformed;
            return false;
        }

        if (checkLegion && !legion.SequenceEqual(expectedLegion))
        {
            reason = DropReason.WrongLegion;
            return false;
        }

        if (uuid.IsEmpty)
        {
            reason = DropReason.MissingUuid;
            return false;
        }

        if (name.IsEmpty)
        {
            reason = DropReason.MissingName;
            return false;
        }

        announce = new Announce
        {
            Legion = checkLegion && reader?.LegionText is { } legionText ? legionText : Encoding.UTF8.GetString(legion),
            Valor = valor,
            Unix = unchecked((long)unix),
            Lord = unchecked((long)lord),
            Name = reader?.Names.Get(name) ?? Encoding.UTF8.GetString(name),
            Pid = unchecked((long)pid),
            Uuid = reader?.Uuids.Get(uuid) ?? Encoding.Latin1.GetString(uuid),
            Checksum = checksum,
            LordValor = lordValor,
            LordUuid = lordUuid.IsEmpty || !lordUuid.ContainsAnyExcept((byte)0) ? null : reader?.Uuids.Get(lordUuid) ?? Encoding.Latin1.GetString(lordUuid),
            SharedScroll = scroll.IsEmpty ? null : reader?.Scrolls.Get(scroll) ?? scroll.ToArray(),
            Dead = dead,
            OwnedExtensions = extensions,
        };
        reason = DropReason.None;
        return true;
    }

    private static void CheckUuid(string uuid, string field)
    {
        if (uuid.Length != UuidLength || uuid.AsSpan().ContainsAnyExceptInRange('\u0000', '\u00FF'))
        {
            throw new ArgumentException($"{field} must be exactly {UuidLength} chars, each at most U+00FF (one byte on the wire); got {uuid.Length} chars.", "announce");
        }
    }
}
