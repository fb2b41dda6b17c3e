using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>The authenticated protocol mode: AEAD framing, tamper evidence, key binding, sequence numbers.</summary>
public class AuthenticatedDatagramTests
{
    private static Announce Sample(string legion = "web") => new()
    {
        Legion = legion, Valor = 90, Unix = 1_800_000_000, Name = "node-a", Pid = 42,
        Uuid = "12345678-1234-4234-8234-123456789abc", Checksum = 7, LordValor = 90, LordUuid = "12345678-1234-4234-8234-123456789abc",
    };

    public static TheoryData<string> Ciphers => new() { "aes-256-gcm", "chacha20-poly1305" };

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void A_sealed_announce_opens_with_the_same_secret_and_legion_and_carries_a_sequence_number(string cipherName)
    {
        var cipher = LegionCipher.Create(cipherName, "s3cret", null, "web");
        byte[] datagram = LegionDatagram.Seal(Sample(), cipher);

        Assert.Equal(LegionDatagram.AuthenticatedModifier1, datagram[0]);
        Assert.Equal(LegionDatagram.AuthenticatedVersion, datagram[3]);
        Assert.True(LegionDatagram.TryOpen(datagram, LegionCipher.Create(cipherName, "s3cret", null, "web"), "web", out var opened, out var reason), reason.ToString());
        Assert.Equal(1UL, LegionDatagram.SequenceOf(opened!));
        Assert.Equal(Sample() with { Extensions = opened!.Extensions }, opened);
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void Sequence_numbers_increase_with_every_sealed_announce(string cipherName)
    {
        var cipher = LegionCipher.Create(cipherName, "s3cret", null, "web");
        var sequences = Enumerable.Range(0, 5).Select(_ =>
        {
            Assert.True(LegionDatagram.TryOpen(LegionDatagram.Seal(Sample(), cipher), cipher, "web", out var a, out DropReason _));
            return LegionDatagram.SequenceOf(a!)!.Value;
        }).ToList();

        Assert.Equal([1UL, 2, 3, 4, 5], sequences);
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void Flipping_any_bit_of_the_datagram_makes_it_drop(string cipherName)
    {
        var cipher = LegionCipher.Create(cipherName, "s3cret", null, "web");
        byte[] datagram = LegionDatagram.Seal(Sample(), cipher);

        for (int bit = 0; bit < datagram.Length * 8; bit++)
        {
            byte[] flipped = (byte[])datagram.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(LegionDatagram.TryOpen(flipped, cipher, "web", out _, out var reason), $"bit {bit} flipped was accepted");
            Assert.Contains(reason, new[] { DropReason.BadModifier, DropReason.DecryptFailed, DropReason.SizeMismatch });
        }
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void Every_truncation_drops(string cipherName)
    {
        var cipher = LegionCipher.Create(cipherName, "s3cret", null, "web");
        byte[] datagram = LegionDatagram.Seal(Sample(), cipher);

        for (int length = 0; length < datagram.Length; length++)
        {
            Assert.False(LegionDatagram.TryOpen(datagram.AsSpan(0, length), cipher, "web", out _, out _), $"truncated to {length} bytes was accepted");
        }
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void A_wrong_secret_or_another_legion_name_cannot_open_it(string cipherName)
    {
        byte[] datagram = LegionDatagram.Seal(Sample(), LegionCipher.Create(cipherName, "s3cret", null, "web"));

        Assert.False(LegionDatagram.TryOpen(datagram, LegionCipher.Create(cipherName, "other", null, "web"), "web", out _, out var wrongKey));
        Assert.Equal(DropReason.DecryptFailed, wrongKey);
        // Same secret, another legion: HKDF binds the key to the legion name.
        Assert.False(LegionDatagram.TryOpen(datagram, LegionCipher.Create(cipherName, "s3cret", null, "api"), "web", out _, out var otherLegion));
        Assert.Equal(DropReason.DecryptFailed, otherLegion);
    }

    [Fact]
    public void Authenticated_and_uwsgi_datagrams_never_open_as_each_other()
    {
        var gcm = LegionCipher.Create("aes-256-gcm", "s3cret", null, "web");
        var cbc = LegionCipher.Create("aes-256-cbc", "s3cret", null);

        Assert.False(LegionDatagram.TryOpen(LegionDatagram.Seal(Sample(), gcm), cbc, "web", out _, out var uwsgiSide));
        Assert.Equal(DropReason.BadModifier, uwsgiSide);
        Assert.False(LegionDatagram.TryOpen(LegionDatagram.Seal(Sample(), cbc), gcm, "web", out _, out var ourSide));
        Assert.Equal(DropReason.BadModifier, ourSide);
    }

    [Fact]
    public void An_authenticated_body_without_a_sequence_number_is_malformed()
    {
        var gcm = LegionCipher.Create("aes-256-gcm", "s3cret", null, "web");
        byte[] datagram = LegionDatagram.Seal(AnnounceCodec.Encode(Sample()), gcm);

        Assert.False(LegionDatagram.TryOpen(datagram, gcm, "web", out _, out var reason));
        Assert.Equal(DropReason.Malformed, reason);
    }

    [Fact]
    public void Authenticated_ciphers_are_listed_as_supported_and_need_the_legion_name()
    {
        Assert.Contains("aes-256-gcm", CipherSuites.Supported);
        Assert.Contains("chacha20-poly1305", CipherSuites.Supported);
        var error = Assert.Throws<ArgumentException>(() => LegionCipher.Create("aes-256-gcm", "s3cret", null));
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}
