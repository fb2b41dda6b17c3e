using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>The span overloads of <see cref="ILegionCipher"/> and <see cref="IAuthenticatedLegionCipher"/>, for every cipher.</summary>
public class CipherSpanTests
{
    public static TheoryData<string> Ciphers => [.. CipherSuites.Supported];

    public static TheoryData<string> CbcCiphers => [.. CipherSuites.Supported.Where(name => !LegionCipher.IsAuthenticated(name))];

    private static ILegionCipher Create(string name) => LegionCipher.Create(name, "s3cret", null, "gold");

    private static byte[] Plaintext(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3)).ToArray();

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void Span_encryption_and_decryption_round_trip_every_length(string name)
    {
        var cipher = Create(name);
        foreach (int length in Enumerable.Range(0, 40).Append(1000).Append(LegionDatagram.MaxPlaintextLength(16)))
        {
            byte[] plaintext = Plaintext(length);
            byte[] ciphertext = new byte[cipher.GetCiphertextLength(length) + 5];
            int written = cipher.Encrypt(plaintext, ciphertext);
            Assert.Equal(cipher.GetCiphertextLength(length), written);
            Assert.Equal(cipher.Encrypt(plaintext).Length, written);

            byte[] destination = new byte[written];
            Assert.True(cipher.TryDecrypt(ciphertext.AsSpan(0, written), destination, out int opened));
            Assert.Equal(plaintext, destination[..opened]);
        }
    }

    [Theory]
    [MemberData(nameof(CbcCiphers))]
    public void Span_encryption_gives_the_array_overloads_ciphertext_also_in_place(string name)
    {
        var cipher = Create(name);
        byte[] plaintext = Plaintext(37);
        byte[] expected = cipher.Encrypt(plaintext);

        byte[] buffer = new byte[cipher.GetCiphertextLength(plaintext.Length)];
        plaintext.CopyTo(buffer, 0);
        int written = cipher.Encrypt(buffer.AsSpan(0, plaintext.Length), buffer);

        Assert.Equal(expected, buffer[..written]);
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void Truncated_or_empty_ciphertext_fails_without_throwing(string name)
    {
        var cipher = Create(name);
        byte[] ciphertext = cipher.Encrypt(Plaintext(40));
        byte[] destination = new byte[ciphertext.Length];
        foreach (int cut in new[] { 1, cipher.BlockSize, ciphertext.Length })
        {
            bool opened = cipher.TryDecrypt(ciphertext.AsSpan(0, ciphertext.Length - cut), destination, out int written);
            bool openedArray = cipher.TryDecrypt(ciphertext.AsSpan(0, ciphertext.Length - cut), out byte[] array);

            // Dropping a whole CBC block leaves valid blocks whose padding decides; the two overloads always agree.
            Assert.Equal(openedArray, opened);
            Assert.Equal(array.Length, written);
            if (cut != cipher.BlockSize || LegionCipher.IsAuthenticated(name))
            {
                Assert.False(opened);
                Assert.Equal(0, written);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CbcCiphers))]
    public void Invalid_padding_fails_without_throwing(string name)
    {
        var cipher = Create(name);
        int block = cipher.BlockSize;

        // A plaintext of exactly one block is followed by a whole padding block; without that block the last
        // byte of the plaintext is read as the padding.
        foreach (byte[] last in new[] { new byte[] { 0 }, [(byte)(block + 1)], [2, 3], [0xFF] })
        {
            byte[] plaintext = new byte[block];
            last.CopyTo(plaintext, block - last.Length);
            byte[] withoutPaddingBlock = cipher.Encrypt(plaintext)[..block];

            Assert.False(cipher.TryDecrypt(withoutPaddingBlock, new byte[block], out int written));
            Assert.Equal(0, written);
            Assert.False(cipher.TryDecrypt(withoutPaddingBlock, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void A_flipped_bit_never_throws_and_both_overloads_agree(string name)
    {
        var cipher = Create(name);
        byte[] ciphertext = cipher.Encrypt(Plaintext(50));
        for (int i = 0; i < ciphertext.Length; i++)
        {
            byte[] damaged = (byte[])ciphertext.Clone();
            damaged[i] ^= 0x40;
            byte[] destination = new byte[damaged.Length];
            bool opened = cipher.TryDecrypt(damaged, destination, out int written);
            Assert.Equal(cipher.TryDecrypt(damaged, out byte[] array), opened);
            Assert.Equal(array, destination[..written]);
            if (LegionCipher.IsAuthenticated(name))
            {
                Assert.False(opened);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Ciphers))]
    public void A_destination_shorter_than_needed_is_a_programming_error(string name)
    {
        var cipher = Create(name);
        byte[] ciphertext = cipher.Encrypt(Plaintext(20));

        Assert.Throws<ArgumentException>(() => cipher.TryDecrypt(ciphertext, new byte[ciphertext.Length - 1 - (LegionCipher.IsAuthenticated(name) ? 28 : 0)], out _));
        Assert.Throws<ArgumentException>(() => cipher.Encrypt(Plaintext(20), new byte[cipher.GetCiphertextLength(20) - 1]));
    }

    [Theory]
    [InlineData("aes-256-gcm")]
    [InlineData("chacha20-poly1305")]
    public void Authenticated_span_seal_opens_only_with_the_same_header(string name)
    {
        var cipher = (IAuthenticatedLegionCipher)Create(name);
        byte[] header = [111, 9, 0, 1];
        byte[] plaintext = Plaintext(9);
        byte[] sealedPart = new byte[cipher.NonceSize + plaintext.Length + cipher.TagSize];

        Assert.Equal(sealedPart.Length, cipher.Seal(header, plaintext, sealedPart));

        byte[] destination = new byte[plaintext.Length];
        Assert.True(cipher.TryOpen(header, sealedPart, destination, out int written));
        Assert.Equal(plaintext, destination[..written]);
        Assert.False(cipher.TryOpen([111, 9, 0, 2], sealedPart, destination, out written));
        Assert.Equal(0, written);
        Assert.False(cipher.TryOpen(header, sealedPart.AsSpan(0, cipher.NonceSize + cipher.TagSize - 1), destination, out _));
    }

    [Fact]
    public void A_cipher_from_outside_the_library_gets_the_span_overloads_from_its_array_methods()
    {
        ILegionCipher outside = new ArrayOnlyCipher(Create("aes-128-cbc"));
        byte[] plaintext = Plaintext(21);
        byte[] ciphertext = new byte[outside.GetCiphertextLength(21)];

        int written = outside.Encrypt(plaintext, ciphertext);
        byte[] destination = new byte[written];

        Assert.True(outside.TryDecrypt(ciphertext.AsSpan(0, written), destination, out int opened));
        Assert.Equal(plaintext, destination[..opened]);
        Assert.True(LegionDatagram.TryOpen(LegionDatagram.Seal(AnnounceSamples.Typical(), outside), outside, "gold", out var announce, out _));
        Assert.Equal(AnnounceSamples.Typical(), announce);
    }

    /// <summary>Implements only the interface's original members, as a cipher written before the span overloads would.</summary>
    private sealed class ArrayOnlyCipher(ILegionCipher inner) : ILegionCipher
    {
        public string Name => inner.Name;

        public int KeySize => inner.KeySize;

        public int IvSize => inner.IvSize;

        public int BlockSize => inner.BlockSize;

        public byte[] Encrypt(ReadOnlySpan<byte> plaintext) => inner.Encrypt(plaintext);

        public bool TryDecrypt(ReadOnlySpan<byte> ciphertext, out byte[] plaintext) => inner.TryDecrypt(ciphertext, out plaintext);
    }
}
