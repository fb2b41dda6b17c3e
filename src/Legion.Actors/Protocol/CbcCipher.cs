namespace Legion.Actors.Protocol;

/// <summary>
/// CBC with PKCS#7 padding over a raw block transform, with the padding applied and checked here so
/// a bad datagram costs no exception. Calls are serialized by a lock, so one instance may be shared.
/// </summary>
internal abstract class CbcCipher(CipherSpec spec) : ILegionCipher
{
    private readonly Lock gate = new();

    public string Name => spec.Name;

    public int KeySize => spec.KeySize;

    public int IvSize => spec.IvSize;

    public int BlockSize => spec.BlockSize;

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        int padding = BlockSize - (plaintext.Length % BlockSize);
        byte[] padded = new byte[plaintext.Length + padding];
        plaintext.CopyTo(padded);
        padded.AsSpan(plaintext.Length).Fill((byte)padding);
        byte[] ciphertext = new byte[padded.Length];
        lock (gate)
        {
            EncryptBlocks(padded, ciphertext);
        }

        return ciphertext;
    }

    public bool TryDecrypt(ReadOnlySpan<byte> ciphertext, out byte[] plaintext)
    {
        plaintext = [];
        if (ciphertext.IsEmpty || ciphertext.Length % BlockSize != 0)
        {
            return false;
        }

        byte[] padded = new byte[ciphertext.Length];
        lock (gate)
        {
            DecryptBlocks(ciphertext, padded);
        }

        // The same acceptance rule as OpenSSL's EVP_DecryptFinal_ex: pad length 1..block size and
        // every pad byte equal to it. No timing care is needed: a receiver never answers.
        int pad = padded[^1];
        if (pad == 0 || pad > BlockSize || padded.AsSpan(padded.Length - pad).ContainsAnyExcept((byte)pad))
        {
            return false;
        }

        plaintext = padded[..^pad];
        return true;
    }

    /// <summary>CBC-encrypts whole blocks from the configured IV; no padding.</summary>
    protected abstract void EncryptBlocks(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>CBC-decrypts whole blocks from the configured IV; no padding.</summary>
    protected abstract void DecryptBlocks(ReadOnlySpan<byte> input, Span<byte> output);
}
