using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// Frames and unframes a legion datagram: modifier1 (109), pktsize (uint16 LE, the plaintext
/// length), modifier2 (0), then the encrypted body (see PROTOCOL.md, "Datagram layout"). Stateless
/// and thread-safe (given a thread-safe cipher, as every <see cref="LegionCipher"/> is).
/// </summary>
internal static class LegionDatagram
{
    /// <summary>Header length in bytes.</summary>
    public const int HeaderLength = 4;

    /// <summary>The modifier1 of every legion datagram (as uWSGI 2.0 legion.c, uwsgi_legion_announce).</summary>
    public const byte Modifier1 = 109;

    /// <summary>
    /// The most bytes uWSGI reads from one datagram: 65,535 − EVP_MAX_BLOCK_LENGTH (32) − 4 = 65,499
    /// (as uWSGI 2.0 legion.c, legion_loop). A longer datagram reaches uWSGI truncated, and then fails
    /// its decryption (65,495 ciphertext bytes are never whole blocks). A receiver must read with a
    /// buffer larger than this (e.g. 65,536 bytes) to tell an oversized datagram from a full one.
    /// </summary>
    public const int MaxDatagramLength = ushort.MaxValue - 32 - HeaderLength;

    /// <summary>
    /// The longest plaintext body whose sealed datagram still fits <see cref="MaxDatagramLength"/> with
    /// a cipher of <paramref name="blockSize"/>-byte blocks: 65,487 bytes for both 8- and 16-byte blocks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not positive.</exception>
    public static int MaxPlaintextLength(int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);

        // PKCS#7 always adds 1..blockSize bytes, so the ciphertext holds one byte less than its blocks.
        int blocks = (MaxDatagramLength - HeaderLength) / blockSize;
        return (blocks * blockSize) - 1;
    }

    /// <summary>Encodes <paramref name="announce"/> (see <see cref="AnnounceCodec.Encode"/>) and seals it.</summary>
    /// <returns>The datagram, ready to send.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The announce cannot be encoded, or its body exceeds <see cref="MaxPlaintextLength"/> for the cipher's block size.</exception>
    public static byte[] Seal(Announce announce, ILegionCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(announce);
        ArgumentNullException.ThrowIfNull(cipher);
        ulong? sequence = cipher is IAuthenticatedLegionCipher authenticated ? authenticated.NextSequence() : null;

        // The body goes into a pooled buffer and is encrypted straight into the datagram: one allocation, the datagram.
        var writer = new UwsgiVarsWriter();
        try
        {
            AnnounceCodec.Write(ref writer, announce, sequence);
            return Seal(writer.WrittenSpan, cipher);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>modifier1 of an authenticated-mode datagram (uWSGI drops anything but 109 at its first check).</summary>
    public const byte AuthenticatedModifier1 = 111;

    /// <summary>The version byte (offset 3) of authenticated-mode datagrams.</summary>
    public const byte AuthenticatedVersion = 1;

    /// <summary>The announce key carrying the sender's sequence number in authenticated mode.</summary>
    public const string SequenceKey = "seq";

    /// <summary>
    /// Seals an already encoded plaintext body as is (e.g. a body built by hand for a test or a
    /// fault injection): header with pktsize = body length, then the body encrypted.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="cipher"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="body"/> is longer than <see cref="MaxPlaintextLength"/> for the cipher's block size.</exception>
    public static byte[] Seal(ReadOnlySpan<byte> body, ILegionCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        if (cipher is IAuthenticatedLegionCipher authenticated)
        {
            return SealAuthenticated(body, authenticated);
        }
        int limit = MaxPlaintextLength(cipher.BlockSize);
        if (body.Length > limit)
        {
            throw new ArgumentException(
                $"The announce body is {body.Length} bytes; with {cipher.Name} at most {limit} fit in the {MaxDatagramLength}-byte datagram uWSGI reads.",
                nameof(body));
        }

        byte[] datagram;
        if (cipher is CbcCipher cbc)
        {
            datagram = new byte[HeaderLength + cbc.GetCiphertextLength(body.Length)];
            cbc.Encrypt(body, datagram.AsSpan(HeaderLength));
        }
        else
        {
            // A cipher from outside this library: its ciphertext length is only known once it has encrypted.
            byte[] ciphertext = cipher.Encrypt(body);
            datagram = new byte[HeaderLength + ciphertext.Length];
            ciphertext.CopyTo(datagram, HeaderLength);
        }
        datagram[0] = Modifier1;
        BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(1), (ushort)body.Length);
        datagram[3] = 0;
        return datagram;
    }

    /// <summary>
    /// Opens a datagram without checking its legion name: uWSGI's receive steps 1–3 in uWSGI's order
    /// (as uWSGI 2.0 legion.c, legion_loop), then our own identity checks. Never throws.
    /// </summary>
    /// <param name="datagram">The received datagram, whole.</param>
    /// <param name="cipher">The legion's cipher.</param>
    /// <param name="announce">The announce when the result is true; otherwise null.</param>
    /// <param name="reason">
    /// <see cref="DropReason.None"/> on success; otherwise the first failing check, in this order:
    /// <see cref="DropReason.Oversized"/>, <see cref="DropReason.TooShort"/>,
    /// <see cref="DropReason.BadModifier"/> (modifier2 is not checked, as uWSGI); then, under a CBC cipher,
    /// <see cref="DropReason.Undecodable"/> for anything that fails after it (never told apart: see
    /// <see cref="DropReason.Undecodable"/>), and in the authenticated mode <see cref="DropReason.DecryptFailed"/>,
    /// <see cref="DropReason.SizeMismatch"/>, <see cref="DropReason.Malformed"/>, <see cref="DropReason.MissingUuid"/>,
    /// <see cref="DropReason.MissingName"/>.
    /// </param>
    /// <returns>True when the datagram holds a usable announce.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cipher"/> is null (a programming error, not a datagram fault).</exception>
    public static bool TryOpen(ReadOnlySpan<byte> datagram, ILegionCipher cipher, [NotNullWhen(true)] out Announce? announce, out DropReason reason) =>
        TryOpen(datagram, cipher, expectedLegion: default, checkLegion: false, out announce, out reason);

    /// <summary>
    /// Opens a datagram as <see cref="TryOpen(ReadOnlySpan{byte}, ILegionCipher, out Announce?, out DropReason)"/>
    /// does, and also drops it with <see cref="DropReason.WrongLegion"/> when its legion name differs
    /// from <paramref name="expectedLegion"/> byte for byte (UTF-8); under a CBC cipher that is
    /// <see cref="DropReason.Undecodable"/> too. That check comes right after the
    /// parse, before <see cref="DropReason.MissingUuid"/>, as uWSGI orders it. Never throws.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="expectedLegion"/> or <paramref name="cipher"/> is null (a programming error, not a datagram fault).</exception>
    public static bool TryOpen(
        ReadOnlySpan<byte> datagram,
        ILegionCipher cipher,
        string expectedLegion,
        [NotNullWhen(true)] out Announce? announce,
        out DropReason reason)
    {
        ArgumentNullException.ThrowIfNull(expectedLegion);
        int most = Encoding.UTF8.GetMaxByteCount(expectedLegion.Length);
        Span<byte> legion = most <= 256 ? stackalloc byte[256] : new byte[most];
        legion = legion[..Encoding.UTF8.GetBytes(expectedLegion, legion)];
        return TryOpen(datagram, cipher, legion, checkLegion: true, out announce, out reason);
    }

    private static bool TryOpen(
        ReadOnlySpan<byte> datagram,
        ILegionCipher cipher,
        ReadOnlySpan<byte> expectedLegion,
        bool checkLegion,
        [NotNullWhen(true)] out Announce? announce,
        out DropReason reason) =>
        TryOpen(datagram, cipher, expectedLegion, checkLegion, reader: null, scratch: null, out announce, out reason);

    /// <summary>
    /// The receive checks, decrypting into <paramref name="scratch"/> when it is large enough (else into
    /// a buffer rented for the call) and decoding through <paramref name="reader"/>'s tables when given.
    /// </summary>
    internal static bool TryOpen(
        ReadOnlySpan<byte> datagram,
        ILegionCipher cipher,
        ReadOnlySpan<byte> expectedLegion,
        bool checkLegion,
        LegionDatagramReader? reader,
        byte[]? scratch,
        [NotNullWhen(true)] out Announce? announce,
        out DropReason reason)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        announce = null;
        reason = datagram.Length switch
        {
            > MaxDatagramLength => DropReason.Oversized,
            < HeaderLength => DropReason.TooShort,
            _ => DropReason.None,
        };
        if (reason != DropReason.None)
        {
            return false;
        }

        int most = datagram.Length - HeaderLength;
        byte[]? rented = null;
        byte[] buffer = scratch is not null && scratch.Length >= most ? scratch : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            return TryOpenBody(datagram, cipher, expectedLegion, checkLegion, reader, buffer, out announce, out reason);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryOpenBody(
        ReadOnlySpan<byte> datagram,
        ILegionCipher cipher,
        ReadOnlySpan<byte> expectedLegion,
        bool checkLegion,
        LegionDatagramReader? reader,
        Span<byte> buffer,
        [NotNullWhen(true)] out Announce? announce,
        out DropReason reason)
    {
        announce = null;
        int length;
        if (cipher is IAuthenticatedLegionCipher authenticated)
        {
            if (datagram[0] != AuthenticatedModifier1 || datagram[3] != AuthenticatedVersion)
            {
                reason = DropReason.BadModifier;
                return false;
            }
            if (!authenticated.TryOpen(datagram[..HeaderLength], datagram[HeaderLength..], buffer, out length))
            {
                reason = DropReason.DecryptFailed;
                return false;
            }
        }
        else if (datagram[0] != Modifier1)
        {
            reason = DropReason.BadModifier;
            return false;
        }
        else
        {
            return TryOpenCbc(datagram, cipher, expectedLegion, checkLegion, reader, buffer, out announce, out reason);
        }

        if (length != BinaryPrimitives.ReadUInt16LittleEndian(datagram[1..]))
        {
            reason = DropReason.SizeMismatch;
            return false;
        }

        if (!AnnounceCodec.TryDecodeCore(buffer[..length], expectedLegion, checkLegion, reader, out announce, out reason))
        {
            return false;
        }
        if (cipher is IAuthenticatedLegionCipher && SequenceOf(announce) is null)
        {
            // Every authenticated announce carries its sequence number; one without cannot be replay-checked.
            announce = null;
            reason = DropReason.Malformed;
            return false;
        }
        return true;
    }

    /// <summary>
    /// uWSGI's receive steps 2 and 3 under a CBC cipher, where nothing authenticates the ciphertext: every way it can fail
    /// (bad padding, a plaintext length other than pktsize, a malformed body, another legion's name, no uuid or name)
    /// is one reason, <see cref="DropReason.Undecodable"/>, and a bad padding is parsed all the same. A counter, a log
    /// line or a time per datagram that told a bad padding from a bad body would be a padding oracle: with one captured
    /// datagram it decrypts any block and forges announces. What a uWSGI peer sees is unchanged (it never answers either).
    /// </summary>
    private static bool TryOpenCbc(
        ReadOnlySpan<byte> datagram,
        ILegionCipher cipher,
        ReadOnlySpan<byte> expectedLegion,
        bool checkLegion,
        LegionDatagramReader? reader,
        Span<byte> buffer,
        [NotNullWhen(true)] out Announce? announce,
        out DropReason reason)
    {
        announce = null;
        reason = DropReason.Undecodable;
        var ciphertext = datagram[HeaderLength..];
        if (ciphertext.IsEmpty || ciphertext.Length % cipher.BlockSize != 0)
        {
            // Known from the datagram's length alone: nothing to hide, and nothing was decrypted to parse.
            return false;
        }

        bool padded = cipher.TryDecrypt(ciphertext, buffer, out int length);

        // A bad padding is parsed as if its padding were one byte long: the same work as a good padding on a bad body.
        int parsed = padded ? length : ciphertext.Length - 1;
        bool decoded = AnnounceCodec.TryDecodeCore(buffer[..parsed], expectedLegion, checkLegion, reader, out var opened, out _);
        bool sized = length == BinaryPrimitives.ReadUInt16LittleEndian(datagram[1..]);
        if (padded & sized & decoded)
        {
            announce = opened!;
            reason = DropReason.None;
            return true;
        }
        return false;
    }

    /// <summary>The sequence number of an authenticated-mode announce (<see cref="SequenceKey"/>), or null when absent or not a number.</summary>
    public static ulong? SequenceOf(Announce announce)
    {
        ArgumentNullException.ThrowIfNull(announce);
        return announce.Extensions.TryGetValue(SequenceKey, out var text)
            && ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong sequence)
            ? sequence
            : null;
    }

    private static byte[] SealAuthenticated(ReadOnlySpan<byte> body, IAuthenticatedLegionCipher cipher)
    {
        int limit = MaxDatagramLength - HeaderLength - cipher.NonceSize - cipher.TagSize;
        if (body.Length > limit)
        {
            throw new ArgumentException($"The announce body is {body.Length} bytes; with {cipher.Name} at most {limit} fit in a {MaxDatagramLength}-byte datagram.", nameof(body));
        }
        Span<byte> header = [AuthenticatedModifier1, 0, 0, AuthenticatedVersion];
        BinaryPrimitives.WriteUInt16LittleEndian(header[1..], (ushort)body.Length);
        byte[] datagram = new byte[HeaderLength + cipher.NonceSize + body.Length + cipher.TagSize];
        header.CopyTo(datagram);
        int written = cipher.Seal(header, body, datagram.AsSpan(HeaderLength));
        return written == datagram.Length - HeaderLength ? datagram : datagram[..(HeaderLength + written)];
    }
}
