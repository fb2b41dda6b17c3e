namespace Legion.Actors.Protocol;

/// <summary>
/// CBC with PKCS#7 padding over a raw block transform, with the padding applied and checked here so
/// a bad datagram costs no exception. Calls are serialized by a lock, so one instance may be shared.
/// The span overloads allocate nothing of their own (BouncyCastle 2.7.0's Camellia and CAST5 engines allocate a
/// small array per block inside the library).
/// </summary>
internal abstract class CbcCipher(CipherSpec spec) : ILegionCipher
{
    private readonly Lock gate = new();

    public string Name => spec.Name;

    public int KeySize => spec.KeySize;

    public int IvSize => spec.IvSize;

    public int BlockSize => spec.BlockSize;

    public int GetCiphertextLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return plaintextLength + BlockSize - (plaintextLength % BlockSize);
    }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        byte[] ciphertext = new byte[GetCiphertextLength(plaintext.Length)];
        Encrypt(plaintext, ciphertext);
        return ciphertext;
    }

    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        int length = GetCiphertextLength(plaintext.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the ciphertext needs {length}.", nameof(destination));
        }

        // Pad in the destination, then encrypt it in place (a copy onto itself is a no-op).
        Span<byte> padded = destination[..length];
        plaintext.CopyTo(padded);
        padded[plaintext.Length..].Fill((byte)(length - plaintext.Length));
        lock (gate)
        {
            EncryptBlocks(padded, padded);
        }

        return length;
    }

    public bool TryDecrypt(ReadOnlySpan<byte> ciphertext, out byte[] plaintext)
    {
        plaintext = [];
        if (ciphertext.IsEmpty || ciphertext.Length % BlockSize != 0)
        {
            return false;
        }

        byte[] padded = new byte[ciphertext.Length];
        if (!TryDecrypt(ciphertext, padded, out int written))
        {
            return false;
        }

        plaintext = padded[..written];
        return true;
    }

    public bool TryDecrypt(ReadOnlySpan<byte> ciphertext, Span<byte> destination, out int written)
    {
        if (destination.Length < ciphertext.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; decrypting needs at least the ciphertext's {ciphertext.Length}.", nameof(destination));
        }

        written = 0;
        if (ciphertext.IsEmpty || ciphertext.Length % BlockSize != 0)
        {
            return false;
        }

        Span<byte> padded = destination[..ciphertext.Length];
        lock (gate)
        {
            DecryptBlocks(ciphertext, padded);
        }

        if (!IsPaddingValid(padded[^BlockSize..], out int pad))
        {
            return false;
        }

        written = padded.Length - pad;
        return true;
    }

    /// <summary>
    /// The same acceptance rule as OpenSSL's EVP_DecryptFinal_ex (pad length 1..block size, every pad byte equal to it),
    /// checked with the same work for every last block: a receiver never answers, but its drop counters and its time
    /// per datagram are seen by outsiders, and a padding check that stops early is a padding oracle's clock.
    /// </summary>
    private static bool IsPaddingValid(ReadOnlySpan<byte> lastBlock, out int pad)
    {
        int size = lastBlock.Length;
        pad = lastBlock[^1];
        int mismatch = ((pad - 1) >> 31) | ((size - pad) >> 31); // pad == 0, pad > block size: all ones
        for (int i = 0; i < size; i++)
        {
            int inPadding = (size - i - pad - 1) >> 31; // all ones when this byte is one of the last pad bytes
            mismatch |= (lastBlock[i] ^ pad) & inPadding;
        }
        return mismatch == 0;
    }

    /// <summary>CBC-encrypts whole blocks from the configured IV; no padding. <paramref name="output"/> is either <paramref name="input"/> itself or disjoint from it. Called under the lock.</summary>
    protected abstract void EncryptBlocks(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>CBC-decrypts whole blocks from the configured IV; no padding. The spans do not overlap. Called under the lock.</summary>
    protected abstract void DecryptBlocks(ReadOnlySpan<byte> input, Span<byte> output);
}
