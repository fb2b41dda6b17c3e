namespace Legion.Actors.Protocol;

/// <summary>
/// An authenticated (AEAD) cipher for this project's authenticated protocol mode, selected by cipher
/// name (<c>aes-256-gcm</c>, <c>chacha20-poly1305</c>). NOT uWSGI-compatible: such datagrams carry
/// modifier1 <see cref="LegionDatagram.AuthenticatedModifier1"/>, which uWSGI drops at its first check.
/// </summary>
/// <remarks>
/// The key is derived with HKDF-SHA256 from the secret and the legion name, so two legions sharing a
/// secret still have different keys. Each datagram gets a fresh random 96-bit nonce; the 4-byte
/// header and the nonce are authenticated as associated data, the body is encrypted and
/// authenticated with a 128-bit tag. Every sealed announce carries a sequence number (the
/// <c>seq</c> key) that increases for the life of the sender's run (its uuid), which receivers use
/// to reject replays. Safe for concurrent use.
/// </remarks>
public interface IAuthenticatedLegionCipher : ILegionCipher
{
    /// <summary>Bytes of nonce at the start of the sealed part: 12.</summary>
    int NonceSize { get; }

    /// <summary>Bytes of authentication tag at the end of the sealed part: 16.</summary>
    int TagSize { get; }

    /// <summary>The next sequence number for an announce sealed by this node: 1, 2, 3, ... (thread-safe).</summary>
    ulong NextSequence();

    /// <summary>Encrypts <paramref name="plaintext"/> under a fresh nonce, authenticating <paramref name="header"/> too.</summary>
    /// <param name="header">The datagram header that precedes the sealed part (authenticated, not encrypted).</param>
    /// <param name="plaintext">The announce body.</param>
    /// <returns>nonce ‖ ciphertext ‖ tag.</returns>
    byte[] Seal(ReadOnlySpan<byte> header, ReadOnlySpan<byte> plaintext);

    /// <summary>Verifies and decrypts a sealed part; false for any tampering, truncation or wrong key. Never throws.</summary>
    /// <param name="header">The datagram header as received.</param>
    /// <param name="sealedPart">nonce ‖ ciphertext ‖ tag as received.</param>
    /// <param name="plaintext">The body when the result is true; empty otherwise.</param>
    bool TryOpen(ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedPart, out byte[] plaintext);
}
