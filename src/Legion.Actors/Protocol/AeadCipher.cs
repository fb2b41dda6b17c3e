using System.Security.Cryptography;
using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>AES-256-GCM or ChaCha20-Poly1305 from the BCL, with an HKDF-derived key. See <see cref="IAuthenticatedLegionCipher"/>.</summary>
internal sealed class AeadCipher : IAuthenticatedLegionCipher, IDisposable
{
    private const int Nonce = 12;
    private const int Tag = 16;
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("legion-actors/authenticated/v1");

    private readonly AesGcm? _aes;
    private readonly ChaCha20Poly1305? _chacha;
    private readonly Lock _gate = new();
    private ulong _sequence;

    private AeadCipher(string name, byte[] key, bool chacha)
    {
        Name = name;
        if (chacha)
        {
            _chacha = new ChaCha20Poly1305(key);
        }
        else
        {
            _aes = new AesGcm(key, Tag);
        }
    }

    public string Name { get; }

    public int KeySize => 32;

    public int IvSize => Nonce;

    /// <summary>A stream construction: no padding, so the block size is 1.</summary>
    public int BlockSize => 1;

    public int NonceSize => Nonce;

    public int TagSize => Tag;

    /// <summary>Derives the key: HKDF-SHA256(ikm = UTF-8 secret, salt = a fixed protocol label, info = cipher name ‖ 0x00 ‖ legion name).</summary>
    public static AeadCipher Create(string name, string secret, string legion, bool chacha)
    {
        byte[] info = Encoding.UTF8.GetBytes($"{name}\0{legion}");
        byte[] key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, Salt, info);
        return new AeadCipher(name, key, chacha);
    }

    public ulong NextSequence() => Interlocked.Increment(ref _sequence);

    public int GetCiphertextLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return Nonce + plaintextLength + Tag;
    }

    public byte[] Seal(ReadOnlySpan<byte> header, ReadOnlySpan<byte> plaintext)
    {
        byte[] sealedPart = new byte[Nonce + plaintext.Length + Tag];
        Seal(header, plaintext, sealedPart);
        return sealedPart;
    }

    public int Seal(ReadOnlySpan<byte> header, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        int length = Nonce + plaintext.Length + Tag;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the sealed part needs {length}.", nameof(destination));
        }
        if (header.Length > 64)
        {
            throw new ArgumentException("A datagram header is at most 64 bytes.", nameof(header));
        }
        Span<byte> nonce = destination[..Nonce];
        RandomNumberGenerator.Fill(nonce);
        Span<byte> associated = stackalloc byte[header.Length + Nonce];
        header.CopyTo(associated);
        nonce.CopyTo(associated[header.Length..]);
        Span<byte> ciphertext = destination.Slice(Nonce, plaintext.Length);
        Span<byte> tag = destination.Slice(Nonce + plaintext.Length, Tag);
        lock (_gate)
        {
            if (_aes is not null)
            {
                _aes.Encrypt(nonce, plaintext, ciphertext, tag, associated);
            }
            else
            {
                _chacha!.Encrypt(nonce, plaintext, ciphertext, tag, associated);
            }
        }
        return length;
    }

    public bool TryOpen(ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedPart, out byte[] plaintext)
    {
        plaintext = [];
        if (sealedPart.Length < Nonce + Tag || header.Length > 64)
        {
            return false;
        }
        byte[] output = new byte[sealedPart.Length - Nonce - Tag];
        if (!TryOpen(header, sealedPart, output, out _))
        {
            return false;
        }
        plaintext = output;
        return true;
    }

    public bool TryOpen(ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedPart, Span<byte> destination, out int written)
    {
        if (destination.Length < sealedPart.Length - Nonce - Tag)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the body may need {sealedPart.Length - Nonce - Tag}.", nameof(destination));
        }
        written = 0;
        if (sealedPart.Length < Nonce + Tag || header.Length > 64)
        {
            return false;
        }
        ReadOnlySpan<byte> nonce = sealedPart[..Nonce];
        ReadOnlySpan<byte> ciphertext = sealedPart[Nonce..^Tag];
        ReadOnlySpan<byte> tag = sealedPart[^Tag..];
        Span<byte> associated = stackalloc byte[header.Length + Nonce];
        header.CopyTo(associated);
        nonce.CopyTo(associated[header.Length..]);
        Span<byte> output = destination[..ciphertext.Length];
        try
        {
            lock (_gate)
            {
                if (_aes is not null)
                {
                    _aes.Decrypt(nonce, ciphertext, tag, output, associated);
                }
                else
                {
                    _chacha!.Decrypt(nonce, ciphertext, tag, output, associated);
                }
            }
        }
        catch (AuthenticationTagMismatchException)
        {
            // A forged or damaged datagram: the BCL signals it only by this exception (and zeroes the output).
            return false;
        }
        written = output.Length;
        return true;
    }

    /// <summary>Not used by the authenticated framing (it calls <see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>); seals with an empty header.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext) => Seal([], plaintext);

    /// <summary>Not used by the authenticated framing (it calls <see cref="TryOpen(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out byte[])"/>); opens with an empty header.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ciphertext, out byte[] plaintext) => TryOpen([], ciphertext, out plaintext);

    /// <summary>Seals with an empty header into <paramref name="destination"/>, as <see cref="Encrypt(ReadOnlySpan{byte})"/>.</summary>
    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination) => Seal([], plaintext, destination);

    /// <summary>Opens with an empty header into <paramref name="destination"/>, as <see cref="TryDecrypt(ReadOnlySpan{byte}, out byte[])"/>.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ciphertext, Span<byte> destination, out int written) =>
        TryOpen([], ciphertext, destination, out written);

    public void Dispose()
    {
        _aes?.Dispose();
        _chacha?.Dispose();
    }
}
