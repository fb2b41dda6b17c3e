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
internal interface IAuthenticatedLegionCipher : ILegionCipher
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

    /// <summary>
    /// Seals as <see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> does, into
    /// <paramref name="destination"/>: nonce ‖ ciphertext ‖ tag, <see cref="NonceSize"/> +
    /// plaintext length + <see cref="TagSize"/> bytes. The spans must not overlap. The default
    /// implementation copies the result of <see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    int Seal(ReadOnlySpan<byte> header, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        byte[] sealedPart = Seal(header, plaintext);
        if (sealedPart.Length > destination.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the sealed part needs {sealedPart.Length}.", nameof(destination));
        }
        sealedPart.CopyTo(destination);
        return sealedPart.Length;
    }

    /// <summary>
    /// Verifies and decrypts as <see cref="TryOpen(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out byte[])"/>
    /// does, into <paramref name="destination"/>; false (with <paramref name="written"/> 0) for any
    /// tampering, truncation or wrong key. Never throws for a bad datagram. The spans must not overlap.
    /// The default implementation copies the result of the array overload.
    /// </summary>
    /// <param name="header">The datagram header as received.</param>
    /// <param name="sealedPart">nonce ‖ ciphertext ‖ tag as received.</param>
    /// <param name="destination">Where the body goes: at least <paramref name="sealedPart"/>'s length minus <see cref="NonceSize"/> and <see cref="TagSize"/> bytes.</param>
    /// <param name="written">Body bytes written at the start of <paramref name="destination"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short (a programming error, not a datagram fault).</exception>
    bool TryOpen(ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedPart, Span<byte> destination, out int written)
    {
        if (destination.Length < sealedPart.Length - NonceSize - TagSize)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the body may need {sealedPart.Length - NonceSize - TagSize}.", nameof(destination));
        }
        written = 0;
        if (!TryOpen(header, sealedPart, out byte[] plaintext))
        {
            return false;
        }
        plaintext.CopyTo(destination);
        written = plaintext.Length;
        return true;
    }
}
