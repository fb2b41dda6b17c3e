using System.Buffers.Binary;
using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

public class LegionDatagramTests
{
    private readonly ILegionCipher cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null);

    [Fact]
    public void A_sealed_datagram_has_modifier1_109_the_plaintext_length_and_modifier2_0()
    {
        var announce = AnnounceSamples.Typical();
        byte[] body = AnnounceCodec.Encode(announce);

        byte[] datagram = LegionDatagram.Seal(announce, cipher);

        Assert.Equal(109, datagram[0]);
        Assert.Equal(body.Length, BinaryPrimitives.ReadUInt16LittleEndian(datagram.AsSpan(1)));
        Assert.Equal(0, datagram[3]);
        Assert.Equal(cipher.Encrypt(body), datagram[4..]);
    }

    [Fact]
    public void A_sealed_datagram_opens_to_the_same_announce()
    {
        var announce = AnnounceSamples.Typical() with { Scroll = Encoding.ASCII.GetBytes("s"), Extensions = new Dictionary<string, string> { ["x"] = "y" } };

        Assert.True(LegionDatagram.TryOpen(LegionDatagram.Seal(announce, cipher), cipher, "gold", out var opened, out var reason));
        Assert.Equal(DropReason.None, reason);
        Assert.Equal(announce, opened);
    }

    [Fact]
    public void Opening_without_a_legion_name_accepts_any_legion()
    {
        var announce = AnnounceSamples.Typical() with { Legion = "silver" };

        Assert.True(LegionDatagram.TryOpen(LegionDatagram.Seal(announce, cipher), cipher, out var opened, out _));
        Assert.Equal("silver", opened.Legion);
    }

    [Theory]
    [InlineData("")]
    [InlineData("6d")]
    [InlineData("6d1000")]
    public void A_datagram_shorter_than_the_header_is_too_short(string hex)
    {
        AssertDropped(Convert.FromHexString(hex), DropReason.TooShort);
    }

    [Fact]
    public void A_datagram_whose_modifier1_is_not_109_is_dropped()
    {
        byte[] datagram = LegionDatagram.Seal(AnnounceSamples.Typical(), cipher);
        datagram[0] = 108;

        AssertDropped(datagram, DropReason.BadModifier);
    }

    [Fact]
    public void Modifier2_is_not_checked_as_uWSGI_does_not_check_it()
    {
        byte[] datagram = LegionDatagram.Seal(AnnounceSamples.Typical(), cipher);
        datagram[3] = 7;

        Assert.True(LegionDatagram.TryOpen(datagram, cipher, "gold", out _, out _));
    }

    // Under a CBC cipher every failure after the modifier check is one reason, Undecodable (see PaddingOracleTests);
    // the authenticated mode, where nothing unauthenticated reaches the parser, keeps uWSGI's checks apart and in order.

    [Fact]
    public void A_header_with_no_ciphertext_is_undecodable()
    {
        AssertDropped([109, 0, 0, 0], DropReason.Undecodable);
    }

    [Fact]
    public void A_datagram_cut_short_is_undecodable()
    {
        byte[] datagram = LegionDatagram.Seal(AnnounceSamples.Typical(), cipher);

        AssertDropped(datagram[..^1], DropReason.Undecodable);
    }

    [Fact]
    public void A_datagram_sealed_with_another_secret_is_dropped()
    {
        var other = LegionCipher.Create("aes-128-cbc", "another", null);
        int failedPadding = 0;
        for (int pid = 0; pid < 300; pid++)
        {
            byte[] datagram = LegionDatagram.Seal(AnnounceSamples.Typical() with { Pid = pid }, other);

            Assert.False(LegionDatagram.TryOpen(datagram, cipher, "gold", out _, out var reason));

            // A wrong key fails the padding check, or, when the padding passes by chance, the length or parse checks.
            Assert.Equal(DropReason.Undecodable, reason);
            failedPadding += cipher.TryDecrypt(datagram.AsSpan(LegionDatagram.HeaderLength), out _) ? 0 : 1;
        }

        Assert.True(failedPadding > 250, $"only {failedPadding} of 300 failed the padding check");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void A_pktsize_that_differs_from_the_decrypted_length_is_dropped(int delta)
    {
        byte[] datagram = LegionDatagram.Seal(AnnounceSamples.Typical(), cipher);
        ushort size = BinaryPrimitives.ReadUInt16LittleEndian(datagram.AsSpan(1));
        BinaryPrimitives.WriteUInt16LittleEndian(datagram.AsSpan(1), (ushort)(size + delta));

        AssertDropped(datagram, DropReason.Undecodable);
    }

    [Fact]
    public void A_decrypted_body_that_is_not_a_vars_encoding_is_malformed()
    {
        AssertDroppedInBothModes([0x04, 0x00, (byte)'d'], DropReason.Malformed);
    }

    [Fact]
    public void An_announce_for_another_legion_is_dropped()
    {
        AssertDroppedInBothModes(AnnounceCodec.Encode(AnnounceSamples.Typical() with { Legion = "Gold" }), DropReason.WrongLegion);
    }

    [Fact]
    public void The_legion_name_is_checked_before_the_member_identity_as_uWSGI_orders_it()
    {
        byte[] body = VarsBody.Of(VarsBody.UwsgiPairs().With("legion", "silver").Without("uuid"));

        AssertDroppedInBothModes(body, DropReason.WrongLegion);
    }

    [Fact]
    public void An_announce_without_a_uuid_is_dropped()
    {
        AssertDroppedInBothModes(VarsBody.Of(VarsBody.UwsgiPairs().Without("uuid")), DropReason.MissingUuid);
    }

    [Fact]
    public void An_announce_without_a_name_is_dropped()
    {
        AssertDroppedInBothModes(VarsBody.Of(VarsBody.UwsgiPairs().Without("name")), DropReason.MissingName);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void The_largest_body_uWSGI_can_read_is_65487_bytes(int blockSize)
    {
        Assert.Equal(65_499, LegionDatagram.MaxDatagramLength);
        Assert.Equal(65_487, LegionDatagram.MaxPlaintextLength(blockSize));
    }

    [Theory]
    [InlineData("aes-256-cbc")]
    [InlineData("bf-cbc")]
    public void A_body_of_the_largest_size_seals_into_a_datagram_uWSGI_reads_whole(string name)
    {
        var largeCipher = LegionCipher.Create(name, "s3cret", null);
        byte[] body = BodyOfLength(LegionDatagram.MaxPlaintextLength(largeCipher.BlockSize));

        byte[] datagram = LegionDatagram.Seal(body, largeCipher);

        Assert.True(datagram.Length <= LegionDatagram.MaxDatagramLength);
        Assert.True(LegionDatagram.TryOpen(datagram, largeCipher, "gold", out _, out _));
    }

    [Fact]
    public void Sealing_a_body_too_large_for_uWSGI_is_refused_naming_the_limit()
    {
        byte[] body = BodyOfLength(LegionDatagram.MaxPlaintextLength(16) + 1);

        var error = Assert.Throws<ArgumentException>(() => LegionDatagram.Seal(body, cipher));
        Assert.Contains("65487", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_datagram_longer_than_uWSGI_reads_is_oversized()
    {
        byte[] datagram = new byte[LegionDatagram.MaxDatagramLength + 1];
        datagram[0] = 109;

        AssertDropped(datagram, DropReason.Oversized);
    }

    /// <summary>A valid announce body padded to exactly <paramref name="length"/> bytes by an extension.</summary>
    private static byte[] BodyOfLength(int length)
    {
        byte[] head = VarsBody.Of(VarsBody.UwsgiPairs());
        int padding = length - head.Length - 4 - "x-pad".Length;
        return [.. head, .. VarsBody.Of([("x-pad", new string('p', padding))])];
    }

    /// <summary>Under CBC the body is <see cref="DropReason.Undecodable"/>; sealed in the authenticated mode, it is <paramref name="authenticated"/>.</summary>
    private void AssertDroppedInBothModes(byte[] body, DropReason authenticated)
    {
        AssertDropped(LegionDatagram.Seal(body, cipher), DropReason.Undecodable);
        var aead = LegionCipher.Create("aes-256-gcm", "s3cret", null, "gold");
        Assert.False(LegionDatagram.TryOpen(LegionDatagram.Seal(body, aead), aead, "gold", out var announce, out var reason));
        Assert.Null(announce);
        Assert.Equal(authenticated, reason);
    }

    private void AssertDropped(byte[] datagram, DropReason expected)
    {
        Assert.False(LegionDatagram.TryOpen(datagram, cipher, "gold", out var announce, out var reason));
        Assert.Null(announce);
        Assert.Equal(expected, reason);
    }
}
