using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Fuzz;

/// <summary>
/// Makes hostile datagrams for one legion: every <see cref="HostileKind"/>, chosen in turn at random from a
/// seed, so a run can be repeated exactly. It knows the legion's secret (it plays an insider sending garbage,
/// the strongest position for attacking the decoder and the member table), but it only ever invents
/// identities of its own: it never impersonates a real member, which an insider can always do with an
/// unauthenticated CBC protocol (see PROTOCOL.md, "weaknesses"). Not thread-safe: one per sending thread.
/// </summary>
public sealed class HostileDatagramGenerator
{
    /// <summary>The largest UDP payload over IPv4 (65,535 − 20 − 8).</summary>
    public const int MaxUdpPayload = 65_507;

    private static readonly string[] NastyNumbers =
    [
        "18446744073709551615", "18446744073709551616", "99999999999999999999999999", "-1", "-9223372036854775808",
        "9223372036854775807", "", "0x10", "1e9", "+5", " 42", "42 ", "4\u00662", "\u0663", "00000000000000000001", "0",
        "65536", "4294967296", "-0", "NaN",
    ];

    private static readonly string[] AnnounceKeys =
        ["legion", "valor", "unix", "lord", "name", "pid", "uuid", "checksum", "lord_valor", "lord_uuid", "scroll", "dead"];

    private readonly string _legion;
    private readonly ILegionCipher _cipher;
    private readonly ILegionCipher _wrongCipher;
    private readonly Func<long> _unixNow;
    private readonly Random _random;
    private readonly int _maxBody;
    private readonly IReadOnlyList<HostileKind> _mix;

    /// <summary>Creates a generator.</summary>
    /// <param name="legion">The target legion's name.</param>
    /// <param name="cipher">The legion's cipher (with its real secret), for the kinds that must decrypt.</param>
    /// <param name="seed">Seed of every random choice; the same seed makes the same sequence.</param>
    /// <param name="unixNow">The current unix time in seconds, for announces that should pass the clock check.</param>
    /// <param name="mix">The kinds <see cref="Next(out HostileKind)"/> chooses from; null or empty for all of <see cref="Kinds"/>.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="mix"/> is null.</exception>
    public HostileDatagramGenerator(string legion, ILegionCipher cipher, int seed, Func<long> unixNow, IReadOnlyList<HostileKind>? mix = null)
    {
        _mix = mix is { Count: > 0 } ? mix : Kinds;
        ArgumentNullException.ThrowIfNull(legion);
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(unixNow);
        _legion = legion;
        _cipher = cipher;
        _wrongCipher = LegionCipher.Create(cipher.Name, "not-the-secret-" + seed.ToString(CultureInfo.InvariantCulture), null);
        _unixNow = unixNow;
        _random = new Random(seed);
        _maxBody = LegionDatagram.MaxPlaintextLength(cipher.BlockSize);
    }

    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<HostileKind> Kinds { get; } = Enum.GetValues<HostileKind>();

    /// <summary>A datagram of a kind chosen at random from the generator's mix (each kind equally likely).</summary>
    /// <param name="kind">The kind that was made.</param>
    public byte[] Next(out HostileKind kind)
    {
        kind = _mix[_random.Next(_mix.Count)];
        return Next(kind);
    }

    /// <summary>A datagram of the given kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a <see cref="HostileKind"/>.</exception>
    public byte[] Next(HostileKind kind) => kind switch
    {
        HostileKind.RandomBytes => Bytes(_random.Next(20) == 0 ? _random.Next(MaxUdpPayload + 1) : _random.Next(1501)),
        HostileKind.Tiny => Bytes(_random.Next(5)),
        HostileKind.TruncatedValid => Truncated(),
        HostileKind.BitFlippedValid => BitFlipped(),
        HostileKind.Oversized => Oversized(),
        HostileKind.WrongModifier => WrongModifier(),
        HostileKind.BadPadding => BadPadding(),
        HostileKind.PktsizeLie => PktsizeLie(),
        HostileKind.HugeNumbers => Seal(HugeNumbers()),
        HostileKind.MissingKeys => Seal(MissingKeys()),
        HostileKind.DuplicatedKeys => Seal(DuplicatedKeys()),
        HostileKind.MalformedVars => Seal(MalformedVars()),
        HostileKind.HugeScroll => Seal(HugeScroll()),
        HostileKind.ManyUnknownKeys => Seal(ManyUnknownKeys()),
        HostileKind.UuidFlood => Seal(Announce().ToArray()),
        HostileKind.StrangerDeath => Seal(Announce().Add("dead", "1").ToArray()),
        HostileKind.Skewed => Seal(Announce(unix: _random.Next(2) == 0 ? _unixNow() - _random.Next(61, 1_000_000_000) : _unixNow() + _random.Next(61, 1_000_000_000)).ToArray()),
        HostileKind.WrongLegion => Seal(Announce(legion: _legion + "x").ToArray()),
        HostileKind.WrongKey => LegionDatagram.Seal(Announce().ToArray(), _wrongCipher),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a hostile kind"),
    };

    private byte[] Seal(byte[] body) => LegionDatagram.Seal(body.Length > _maxBody ? body[.._maxBody] : body, _cipher);

    private byte[] Valid() => Seal(Announce().ToArray());

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Truncated()
    {
        var valid = Valid();
        return valid[.._random.Next(valid.Length)];
    }

    private byte[] BitFlipped()
    {
        var datagram = Valid();
        int flips = _random.Next(1, 9);
        for (int i = 0; i < flips; i++)
        {
            datagram[_random.Next(datagram.Length)] ^= (byte)(1 << _random.Next(8));
        }
        return datagram;
    }

    private byte[] Oversized()
    {
        var datagram = Bytes(_random.Next(LegionDatagram.MaxDatagramLength + 1, MaxUdpPayload + 1));
        datagram[0] = LegionDatagram.Modifier1;
        BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(1), (ushort)(datagram.Length - 16));
        datagram[3] = 0;
        return datagram;
    }

    private byte[] WrongModifier()
    {
        var datagram = Valid();
        datagram[0] = (byte)(LegionDatagram.Modifier1 + _random.Next(1, 256));
        return datagram;
    }

    private byte[] BadPadding()
    {
        var datagram = Valid();
        int block = _cipher.BlockSize;
        int ciphertext = datagram.Length - LegionDatagram.HeaderLength;
        if (ciphertext < 2 * block)
        {
            // One block only: its "previous block" is the fixed IV, so garble the block itself.
            for (int i = LegionDatagram.HeaderLength; i < datagram.Length; i++)
            {
                datagram[i] ^= (byte)_random.Next(1, 256);
            }
            return datagram;
        }

        // In CBC the last plaintext block is D(C_n) XOR C_(n-1): changing the last byte of C_(n-1) changes the
        // pad-length byte, so the padding no longer checks (except by rare chance, when it reads as valid).
        datagram[datagram.Length - block - 1] ^= (byte)_random.Next(1, 256);
        return datagram;
    }

    private byte[] PktsizeLie()
    {
        var datagram = Valid();
        ushort real = BinaryPrimitives.ReadUInt16LittleEndian(datagram.AsSpan(1));
        ushort lie = (ushort)_random.Next(ushort.MaxValue + 1);
        BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(1), lie == real ? (ushort)(real + 1) : lie);
        return datagram;
    }

    private byte[] HugeNumbers()
    {
        var body = Announce(fields: key => key is "valor" or "unix" or "lord" or "pid" or "checksum" or "lord_valor" && _random.Next(2) == 0
            ? Encoding.UTF8.GetBytes(NastyNumbers[_random.Next(NastyNumbers.Length)])
            : null);
        return body.ToArray();
    }

    private byte[] MissingKeys()
    {
        var body = new VarsBody();
        foreach (var (key, value) in Announce().Pairs)
        {
            if (_random.Next(3) != 0)
            {
                body.Add(key, value);
            }
        }
        return body.ToArray();
    }

    private byte[] DuplicatedKeys()
    {
        var announce = Announce();
        var body = new VarsBody();
        foreach (var (key, value) in announce.Pairs)
        {
            body.Add(key, value);
            if (_random.Next(3) == 0)
            {
                var other = _random.Next(4) switch
                {
                    0 => Bytes(_random.Next(0, 80)),
                    1 => Encoding.ASCII.GetBytes(NewUuid()),
                    2 => Encoding.UTF8.GetBytes(NastyNumbers[_random.Next(NastyNumbers.Length)]),
                    _ => value,
                };
                body.Add(key, other);
            }
        }

        // And sometimes a key the announce did not have, twice.
        var extra = Encoding.ASCII.GetBytes(AnnounceKeys[_random.Next(AnnounceKeys.Length)]);
        body.Add(extra, Bytes(_random.Next(40)));
        body.Add(extra, Bytes(_random.Next(40)));
        return body.ToArray();
    }

    private byte[] MalformedVars()
    {
        var body = Announce().ToArray();
        switch (_random.Next(4))
        {
            case 0:
                // A key length that runs past the end.
                return [.. body, 0xFF, 0x7F, (byte)'k'];
            case 1:
                // A value length that runs past the end.
                return [.. body, 1, 0, (byte)'k', 0xFF, 0xFF, 1, 2, 3];
            case 2:
                // One dangling byte.
                return [.. body, (byte)_random.Next(256)];
            default:
                // A length field inside the body corrupted.
                int at = _random.Next(Math.Max(1, body.Length - 1));
                BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(at), (ushort)_random.Next(ushort.MaxValue + 1));
                return body;
        }
    }

    private byte[] HugeScroll()
    {
        var body = Announce();
        int room = _maxBody - body.Length - 4 - "scroll".Length;
        int size = _random.Next(2) == 0 ? room : _random.Next(room + 1);
        var scroll = new byte[size];
        _random.NextBytes(scroll);
        return body.Add("scroll"u8.ToArray(), scroll).ToArray();
    }

    private byte[] ManyUnknownKeys()
    {
        var body = Announce();
        for (int i = 0; ; i++)
        {
            var key = Encoding.ASCII.GetBytes("x" + i.ToString(CultureInfo.InvariantCulture));
            if (body.Length + 4 + key.Length > _maxBody)
            {
                break;
            }
            body.Add(key, []);
        }
        return body.ToArray();
    }

    private VarsBody Announce(string? legion = null, long? unix = null, Func<string, byte[]?>? fields = null)
    {
        var uuid = NewUuid();
        var values = new (string Key, string Value)[]
        {
            ("legion", legion ?? _legion),
            ("valor", _random.Next(ushort.MaxValue + 1).ToString(CultureInfo.InvariantCulture)),
            ("unix", (unix ?? _unixNow()).ToString(CultureInfo.InvariantCulture)),
            ("lord", _random.Next(8) == 0 ? _unixNow().ToString(CultureInfo.InvariantCulture) : "0"),
            ("name", "fuzz" + _random.Next(1000).ToString(CultureInfo.InvariantCulture)),
            ("pid", _random.Next(1, 4_194_304).ToString(CultureInfo.InvariantCulture)),
            ("uuid", uuid),
            ("checksum", ((ulong)_random.NextInt64() * 2).ToString(CultureInfo.InvariantCulture)),
            ("lord_valor", _random.Next(ushort.MaxValue + 1).ToString(CultureInfo.InvariantCulture)),
            ("lord_uuid", _random.Next(2) == 0 ? uuid : NewUuid()),
        };
        var body = new VarsBody();
        foreach (var (key, value) in values)
        {
            body.Add(Encoding.ASCII.GetBytes(key), fields?.Invoke(key) ?? Encoding.UTF8.GetBytes(value));
        }
        return body;
    }

    private string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>A uwsgi vars body built pair by pair, lengths as given (no checks: the point is to lie).</summary>
    private sealed class VarsBody
    {
        private readonly List<(byte[] Key, byte[] Value)> _pairs = [];

        public IReadOnlyList<(byte[] Key, byte[] Value)> Pairs => _pairs;

        public int Length { get; private set; }

        public VarsBody Add(string key, string value) => Add(Encoding.ASCII.GetBytes(key), Encoding.UTF8.GetBytes(value));

        public VarsBody Add(byte[] key, byte[] value)
        {
            _pairs.Add((key, value));
            Length += 4 + key.Length + value.Length;
            return this;
        }

        public byte[] ToArray()
        {
            var bytes = new byte[Length];
            int at = 0;
            foreach (var (key, value) in _pairs)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)key.Length);
                key.CopyTo(bytes, at + 2);
                at += 2 + key.Length;
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)value.Length);
                value.CopyTo(bytes, at + 2);
                at += 2 + value.Length;
            }
            return bytes;
        }
    }
}
