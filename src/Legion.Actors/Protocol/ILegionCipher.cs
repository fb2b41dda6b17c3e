namespace Legion.Actors.Protocol;

/// <summary>
/// A legion's block cipher in CBC mode with PKCS#7 padding, keyed once with a fixed key and IV used
/// for every datagram (as uWSGI 2.0 legion.c, uwsgi_legion_register). Create one with
/// <see cref="LegionCipher.Create(string, string, string?)"/>. Implementations in this library are safe for concurrent use
/// (calls are serialized internally) and never reveal the secret.
/// </summary>
public interface ILegionCipher
{
    /// <summary>The cipher name as OpenSSL spells it, lowercase, e.g. <c>aes-128-cbc</c>.</summary>
    string Name { get; }

    /// <summary>Key length in bytes as OpenSSL's default for the cipher: 16 (<c>aes-128-cbc</c>, <c>bf-cbc</c>, <c>camellia-128-cbc</c>, <c>cast5-cbc</c>), 24 (<c>aes-192-cbc</c>, <c>camellia-192-cbc</c>, <c>des-ede3-cbc</c>) or 32.</summary>
    int KeySize { get; }

    /// <summary>IV length in bytes: equal to <see cref="BlockSize"/> for CBC.</summary>
    int IvSize { get; }

    /// <summary>Block length in bytes (16 for AES and Camellia, 8 for Blowfish, Triple DES and CAST5); ciphertext is always a whole number of blocks.</summary>
    int BlockSize { get; }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> (any length, including 0) with PKCS#7 padding: the result
    /// is the plaintext length rounded up to the next whole block, always at least one byte longer.
    /// Deterministic: the same plaintext always gives the same ciphertext (static key and IV).
    /// </summary>
    byte[] Encrypt(ReadOnlySpan<byte> plaintext);

    /// <summary>
    /// Decrypts and strips the PKCS#7 padding. Returns false, with <paramref name="plaintext"/> empty,
    /// when the ciphertext is empty, not a whole number of blocks, or its padding is invalid (as
    /// OpenSSL's EVP_DecryptFinal_ex fails). A wrong key usually fails the padding check, but about
    /// one time in 256 it passes and yields garbage, which the datagram layer still drops (size or
    /// parse checks). Never throws.
    /// </summary>
    bool TryDecrypt(ReadOnlySpan<byte> ciphertext, out byte[] plaintext);

    /// <summary>
    /// The length in bytes of what <see cref="Encrypt(ReadOnlySpan{byte})"/> returns for a
    /// <paramref name="plaintextLength"/>-byte plaintext: for CBC the length rounded up to the next
    /// whole block (always at least one byte longer). The default assumes PKCS#7 CBC over
    /// <see cref="BlockSize"/>; a cipher with another framing overrides it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="plaintextLength"/> is negative.</exception>
    int GetCiphertextLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return plaintextLength + BlockSize - (plaintextLength % BlockSize);
    }

    /// <summary>
    /// Encrypts as <see cref="Encrypt(ReadOnlySpan{byte})"/> does, into <paramref name="destination"/>
    /// instead of a new array; the library's ciphers allocate nothing here. <paramref name="plaintext"/> may
    /// start at the same address as <paramref name="destination"/> (encryption in place) but must not
    /// otherwise overlap it. The default implementation copies the result of
    /// <see cref="Encrypt(ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <returns>Bytes written: <see cref="GetCiphertextLength"/> of the plaintext length.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetCiphertextLength"/> of the plaintext length.</exception>
    int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        byte[] ciphertext = Encrypt(plaintext);
        if (ciphertext.Length > destination.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the ciphertext needs {ciphertext.Length}.", nameof(destination));
        }
        ciphertext.CopyTo(destination);
        return ciphertext.Length;
    }

    /// <summary>
    /// Decrypts and strips the padding as <see cref="TryDecrypt(ReadOnlySpan{byte}, out byte[])"/> does,
    /// into <paramref name="destination"/> instead of a new array; the library's ciphers allocate nothing
    /// here. On failure (same rules: empty, not whole blocks, bad padding, failed authentication) returns
    /// false with <paramref name="written"/> 0 and the content of <paramref name="destination"/>
    /// unspecified. Never throws for a bad ciphertext. The two spans must not overlap. The default
    /// implementation copies the result of <see cref="TryDecrypt(ReadOnlySpan{byte}, out byte[])"/>.
    /// </summary>
    /// <param name="ciphertext">The ciphertext, whole.</param>
    /// <param name="destination">Where the plaintext goes: at least <paramref name="ciphertext"/>'s length in bytes (the padding is decrypted in place before it is checked).</param>
    /// <param name="written">Plaintext bytes written at the start of <paramref name="destination"/>.</param>
    /// <returns>True when the ciphertext decrypted and its padding (or tag) was valid.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="ciphertext"/> (a programming error, not a datagram fault).</exception>
    bool TryDecrypt(ReadOnlySpan<byte> ciphertext, Span<byte> destination, out int written)
    {
        if (destination.Length < ciphertext.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; decrypting needs at least the ciphertext's {ciphertext.Length}.", nameof(destination));
        }
        written = 0;
        if (!TryDecrypt(ciphertext, out byte[] plaintext))
        {
            return false;
        }
        plaintext.CopyTo(destination);
        written = plaintext.Length;
        return true;
    }
}
