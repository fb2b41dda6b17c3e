using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

public class LegionDatagramReaderTests
{
    public static TheoryData<string> Ciphers => [.. CipherSuites.Supported];

    private static ILegionCipher Create(string name) => LegionCipher.Create(name, "s3cret", null, "gold");

    private static Announce WithScroll() => AnnounceSamples.Typical() with
    {
        Scroll = "role=web;zone=a"u8.ToArray(),
        Extensions = new Dictionary<string, string> { ["x-zone"] = "a" },
    };

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void The_reader_opens_what_the_stateless_api_opens_and_drops_what_it_drops_for_the_same_reason(string name)
    {
        var cipher = Create(name);
        var reader = new LegionDatagramReader("gold");
        byte[] datagram = LegionDatagram.Seal(WithScroll(), cipher);
        var random = new Random(8);
        var cases = new List<byte[]> { datagram, Array.Empty<byte>(), datagram[..3], datagram[..^1], new byte[LegionDatagram.MaxDatagramLength + 1] };
        cases.Add(LegionDatagram.Seal(WithScroll() with { Legion = "golden" }, cipher));
        cases.Add(LegionDatagram.Seal(new byte[1000], cipher));
        for (int i = 0; i < 300; i++)
        {
            byte[] damaged = (byte[])datagram.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            cases.Add(damaged);
        }

        foreach (byte[] candidate in cases)
        {
            bool expected = LegionDatagram.TryOpen(candidate, cipher, "gold", out var expectedAnnounce, out var expectedReason);
            bool actual = reader.TryOpen(candidate, cipher, out var announce, out var reason);
            Assert.Equal(expected, actual);
            Assert.Equal(expectedReason, reason);
            Assert.Equal(expectedAnnounce, announce);
        }
    }

    [Fact]
    public void A_repeated_heartbeat_shares_its_strings_and_scroll_with_the_previous_one()
    {
        var cipher = Create("aes-128-cbc");
        var reader = new LegionDatagramReader("gold");
        Assert.True(reader.TryOpen(LegionDatagram.Seal(WithScroll(), cipher), cipher, out var first, out _));
        Assert.True(reader.TryOpen(LegionDatagram.Seal(WithScroll() with { Unix = 1795242974 }, cipher), cipher, out var second, out _));

        Assert.Same("gold", second.Legion);
        Assert.Same(first.Name, second.Name);
        Assert.Same(first.Uuid, second.Uuid);
        Assert.Same(first.Uuid, second.LordUuid);
        Assert.True(first.Scroll!.Value.Span == second.Scroll!.Value.Span, "the scroll bytes are shared");
        Assert.Same(first.Extensions.Keys.Single(), second.Extensions.Keys.Single());
        Assert.Equal(1795242974, second.Unix);
    }

    [Fact]
    public void Values_that_differ_in_one_byte_are_never_confused()
    {
        var cipher = Create("aes-128-cbc");
        var reader = new LegionDatagramReader("gold");
        string uuid = VarsBody.SampleUuid;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < uuid.Length; i++)
            {
                string other = uuid[..i] + (char)(uuid[i] ^ 1) + uuid[(i + 1)..];
                var announce = WithScroll() with { Uuid = other, Name = "vm" + (char)('a' + (i % 3)), Scroll = Encoding.ASCII.GetBytes("s" + other[..(i + 1)]) };

                Assert.True(reader.TryOpen(LegionDatagram.Seal(announce, cipher), cipher, out var opened, out _));
                Assert.Equal(announce, opened);
            }
        }
    }

    [Fact]
    public void Scroll_memory_handed_out_keeps_its_bytes_after_its_slot_is_reused()
    {
        var cipher = Create("aes-128-cbc");
        var reader = new LegionDatagramReader("gold");
        Assert.True(reader.TryOpen(LegionDatagram.Seal(WithScroll(), cipher), cipher, out var first, out _));
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(reader.TryOpen(LegionDatagram.Seal(WithScroll() with { Scroll = BitConverter.GetBytes(i) }, cipher), cipher, out _, out _));
        }

        Assert.Equal("role=web;zone=a"u8.ToArray(), first.Scroll!.Value.ToArray());
    }

    [Fact]
    public void A_flood_of_random_uuids_names_and_scrolls_keeps_the_tables_bounded()
    {
        var cipher = Create("aes-128-cbc");
        var reader = new LegionDatagramReader("gold");
        var random = new Random(3);
        for (int i = 0; i < 5000; i++)
        {
            string uuid = new([.. Enumerable.Range(0, 36).Select(_ => (char)random.Next(256))]);
            string name = new('n', random.Next(1, 600));
            byte[] scroll = new byte[random.Next(1, 20_000)];
            random.NextBytes(scroll);
            var announce = WithScroll() with { Uuid = uuid, LordUuid = uuid, Name = name, Scroll = scroll, Extensions = new Dictionary<string, string> { [$"k{i}"] = "v" } };

            Assert.True(reader.TryOpen(LegionDatagram.Seal(announce, cipher), cipher, out var opened, out _));
            Assert.Equal(announce, opened);
        }

        Assert.True(reader.Uuids.Count <= LegionDatagramReader.UuidSlots);
        Assert.True(reader.Uuids.RetainedBytes <= LegionDatagramReader.UuidSlots * AnnounceCodec.UuidLength);
        Assert.True(reader.Names.Count <= LegionDatagramReader.NameSlots);
        Assert.True(reader.Names.RetainedBytes <= LegionDatagramReader.NameSlots * LegionDatagramReader.MaxKeptNameLength);
        Assert.True(reader.Scrolls.Count <= LegionDatagramReader.ScrollSlots);
        Assert.True(reader.Scrolls.RetainedBytes <= LegionDatagramReader.ScrollSlots * LegionDatagramReader.MaxKeptScrollLength);
    }

    [Fact]
    public void A_legion_name_that_does_not_survive_utf8_is_decoded_as_the_stateless_api_does()
    {
        var cipher = Create("aes-128-cbc");
        string lone = "gold\uD800";
        var reader = new LegionDatagramReader(lone);
        byte[] datagram = LegionDatagram.Seal(AnnounceSamples.Typical() with { Legion = lone }, cipher);

        Assert.True(LegionDatagram.TryOpen(datagram, cipher, lone, out var expected, out _));
        Assert.True(reader.TryOpen(datagram, cipher, out var announce, out _));
        Assert.Equal(expected.Legion, announce.Legion);
        Assert.Equal("gold\uFFFD", announce.Legion);
    }

    [Theory]
    [InlineData("aes-128-cbc")]
    [InlineData("bf-cbc")]
    [InlineData("camellia-256-cbc")]
    [InlineData("des-ede3-cbc")]
    [InlineData("cast5-cbc")]
    [InlineData("chacha20-poly1305")]
    public void A_warm_reader_allocates_little_more_than_the_announce(string name)
    {
        var cipher = Create(name);
        var reader = new LegionDatagramReader("gold");
        byte[] datagram = LegionDatagram.Seal(AnnounceSamples.Typical() with { Scroll = "role=web"u8.ToArray() }, cipher);
        reader.TryOpen(datagram, cipher, out _, out _);
        reader.TryOpen(datagram, cipher, out _, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            reader.TryOpen(datagram, cipher, out _, out _);
        }
        long perDatagram = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;

        // The announce is about 140 bytes (plus, authenticated, its seq extension); before the reader a datagram cost over 1 KB.
        // Two BouncyCastle 2.7.0 engines allocate inside every block they transform, which no caller can avoid:
        // CamelliaEngine a uint[4] (40 bytes on x64) per 16-byte block, Cast5Engine a uint[2] (32 bytes) per 8-byte block.
        int ciphertext = datagram.Length - LegionDatagram.HeaderLength;
        int engineGarbage = name.StartsWith("camellia", StringComparison.Ordinal) ? 40 * (ciphertext / 16)
            : name == "cast5-cbc" ? 32 * (ciphertext / 8)
            : 0;
        Assert.True(perDatagram <= (LegionCipher.IsAuthenticated(name) ? 512 : 256) + engineGarbage, $"{perDatagram} bytes per datagram");
    }
}
