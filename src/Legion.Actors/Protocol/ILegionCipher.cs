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
}
