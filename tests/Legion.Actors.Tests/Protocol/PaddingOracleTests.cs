using System.Buffers.Binary;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>
/// The classic CBC padding-oracle probe (Vaudenay): with one captured datagram, an outsider sends [C', C_i] for every
/// value of the last byte of C' and watches which probes pass the padding check. Whatever the receiver reports for
/// those probes must be the same, or it decrypts C_i byte by byte (and, run backwards, forges announces).
/// </summary>
public sealed class PaddingOracleTests
{
    public static TheoryData<string> CbcCiphers() => [.. LegionCipher.Table.Select(c => c.Name)];

    /// <summary>One probe per value of the last byte of the block before the target: one of them (at least) has a valid padding.</summary>
    internal static IEnumerable<byte[]> Probes(byte[] captured, int blockSize, ushort pktsize)
    {
        var ciphertext = captured.AsSpan(LegionDatagram.HeaderLength);
        byte[] target = ciphertext.Slice(blockSize, blockSize).ToArray(); // the second block: inside the body
        var random = new Random(12);
        byte[] before = new byte[blockSize];
        random.NextBytes(before);
        for (int b = 0; b < 256; b++)
        {
            byte[] probe = new byte[LegionDatagram.HeaderLength + (2 * blockSize)];
            probe[0] = LegionDatagram.Modifier1;
            BinaryPrimitives.WriteUInt16LittleEndian(probe.AsSpan(1), pktsize);
            before.CopyTo(probe, LegionDatagram.HeaderLength);
            probe[LegionDatagram.HeaderLength + blockSize - 1] = (byte)b;
            target.CopyTo(probe, LegionDatagram.HeaderLength + blockSize);
            yield return probe;
        }
    }

    [Theory]
    [MemberData(nameof(CbcCiphers))]
    public void Under_cbc_every_padding_probe_is_dropped_for_the_same_reason(string name)
    {
        var cipher = LegionCipher.Create(name, "s3cret", null);
        byte[] captured = LegionDatagram.Seal(AnnounceSamples.Typical(), cipher);
        var reader = new LegionDatagramReader("gold");

        // pktsize one under two blocks: a padding of 1 then passes the size check and reaches the parser; 0 never does.
        foreach (ushort pktsize in new[] { (ushort)((2 * cipher.BlockSize) - 1), (ushort)0 })
        {
            var reasons = new HashSet<DropReason>();
            foreach (var probe in Probes(captured, cipher.BlockSize, pktsize))
            {
                Assert.False(LegionDatagram.TryOpen(probe, cipher, "gold", out _, out var reason));
                reasons.Add(reason);
                Assert.False(reader.TryOpen(probe, cipher, out _, out reason));
                reasons.Add(reason);
            }

            Assert.Equal([DropReason.Undecodable], reasons);
        }
    }

    [Theory]
    [MemberData(nameof(CbcCiphers))]
    public void Under_cbc_a_bad_padding_a_size_lie_a_broken_body_and_another_legion_look_the_same(string name)
    {
        var cipher = LegionCipher.Create(name, "s3cret", null);
        byte[] good = LegionDatagram.Seal(AnnounceSamples.Typical(), cipher);
        byte[] badPadding = (byte[])good.Clone();
        badPadding[^1] ^= 0xff;
        byte[] sizeLie = (byte[])good.Clone();
        sizeLie[1] ^= 1;
        byte[] brokenBody = LegionDatagram.Seal(new byte[] { 200, 0, 1 }, cipher);
        byte[] otherLegion = LegionDatagram.Seal(AnnounceSamples.Typical() with { Legion = "silver" }, cipher);
        byte[] noUuid = LegionDatagram.Seal(VarsBody.Of(VarsBody.UwsgiPairs().Without("uuid")), cipher);

        foreach (var datagram in new[] { badPadding, sizeLie, brokenBody, otherLegion, noUuid, good[..^1] })
        {
            Assert.False(LegionDatagram.TryOpen(datagram, cipher, "gold", out _, out var reason));
            Assert.Equal(DropReason.Undecodable, reason);
        }
    }

    [Fact]
    public void The_authenticated_mode_keeps_its_precise_reasons_since_nothing_unauthenticated_reaches_the_parser()
    {
        var cipher = LegionCipher.Create("aes-256-gcm", "s3cret", null, "gold");
        byte[] good = LegionDatagram.Seal(AnnounceSamples.Typical(), cipher);
        byte[] tampered = (byte[])good.Clone();
        tampered[^1] ^= 1;

        Assert.False(LegionDatagram.TryOpen(tampered, cipher, "gold", out _, out var reason));
        Assert.Equal(DropReason.DecryptFailed, reason);
    }

    [Fact]
    public void The_padding_check_accepts_exactly_what_openssl_accepts()
    {
        var cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null);
        for (int length = 0; length <= 48; length++)
        {
            byte[] plain = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
            Assert.True(cipher.TryDecrypt(cipher.Encrypt(plain), out var opened));
            Assert.Equal(plain, opened);
        }

        // A last byte of 0, one over the block size, or a pad byte that differs: every one refused.
        foreach (var tail in new[] { new byte[] { 0 }, [17], [3, 2, 3], [1, 2], [7, 8, 8, 8, 8, 8, 8, 8] })
        {
            byte[] block = new byte[16];
            tail.CopyTo(block, 16 - tail.Length);
            byte[] ciphertext = RawCbc(block);
            Assert.False(cipher.TryDecrypt(ciphertext, out _));
        }
    }

    /// <summary>AES-128-CBC of one whole block with uWSGI's key and IV for "s3cret", no padding added.</summary>
    private static byte[] RawCbc(byte[] block)
    {
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = LegionCipher.DeriveKey("s3cret", 16);
        return aes.EncryptCbc(block, LegionCipher.DeriveIv(null, 16), System.Security.Cryptography.PaddingMode.None);
    }
}
