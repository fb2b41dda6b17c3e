using System.Text;
using Org.BouncyCastle.Crypto.Engines;

namespace Legion.Actors.Protocol;

/// <summary>
/// Builds the <see cref="ILegionCipher"/> named in <c>legion = NAME ADDR VALOR CIPHER:SECRET [IV]</c>,
/// deriving key and IV exactly as uWSGI 2.0 does (legion.c, uwsgi_legion_register).
/// </summary>
internal static class LegionCipher
{
    /// <summary>The supported ciphers, in the order shown to users; <see cref="CipherSuites"/> reads this table.</summary>
    internal static IReadOnlyList<CipherSpec> Table { get; } =
    [
        new("aes-128-cbc", KeySize: 16, IvSize: 16, BlockSize: 16, (s, k, iv) => new AesCbcCipher(s, k, iv)),
        new("aes-192-cbc", KeySize: 24, IvSize: 16, BlockSize: 16, (s, k, iv) => new AesCbcCipher(s, k, iv)),
        new("aes-256-cbc", KeySize: 32, IvSize: 16, BlockSize: 16, (s, k, iv) => new AesCbcCipher(s, k, iv)),

        // OpenSSL's bf-cbc has a variable key length defaulting to 16, and uWSGI never changes it.
        new("bf-cbc", KeySize: 16, IvSize: 8, BlockSize: 8, (s, k, iv) => new BouncyCastleCbcCipher(s, () => new BlowfishEngine(), k, iv)),

        // Three-key Triple DES (EDE); like OpenSSL, the DES parity bits of the key are ignored.
        new("des-ede3-cbc", KeySize: 24, IvSize: 8, BlockSize: 8, (s, k, iv) => new BouncyCastleCbcCipher(s, () => new DesEdeEngine(), k, iv)),
        new("camellia-128-cbc", KeySize: 16, IvSize: 16, BlockSize: 16, (s, k, iv) => new BouncyCastleCbcCipher(s, () => new CamelliaEngine(), k, iv)),
        new("camellia-192-cbc", KeySize: 24, IvSize: 16, BlockSize: 16, (s, k, iv) => new BouncyCastleCbcCipher(s, () => new CamelliaEngine(), k, iv)),
        new("camellia-256-cbc", KeySize: 32, IvSize: 16, BlockSize: 16, (s, k, iv) => new BouncyCastleCbcCipher(s, () => new CamelliaEngine(), k, iv)),

        // OpenSSL's cast5-cbc has a variable key length defaulting to 16 (full 16 rounds); uWSGI never changes it.
        new("cast5-cbc", KeySize: 16, IvSize: 8, BlockSize: 8, (s, k, iv) => new BouncyCastleCbcCipher(s, () => new Cast5Engine(), k, iv)),
    ];

    /// <summary>
    /// The authenticated ciphers of this project's authenticated protocol mode (not uWSGI-compatible):
    /// see <see cref="IAuthenticatedLegionCipher"/>. <see cref="CipherSuites"/> lists them after the CBC ones.
    /// </summary>
    public static IReadOnlyList<string> AuthenticatedNames { get; } = ["aes-256-gcm", "chacha20-poly1305"];

    /// <summary>True when <paramref name="name"/> (case-insensitive) is one of <see cref="AuthenticatedNames"/>.</summary>
    public static bool IsAuthenticated(string name) =>
        AuthenticatedNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Creates the cipher of one legion: for the uWSGI CBC ciphers exactly as
    /// <see cref="Create(string, string, string?)"/>; for an authenticated cipher
    /// (<see cref="AuthenticatedNames"/>) a 256-bit key derived with HKDF-SHA256 from the secret and
    /// <paramref name="legion"/>; the IV token is not used (every datagram gets a random nonce).
    /// </summary>
    /// <param name="name">Cipher name, case-insensitive.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="iv">The optional IV token (CBC ciphers only).</param>
    /// <param name="legion">The legion name, bound into an authenticated cipher's key.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="iv"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is not supported (the message lists the supported names, never the secret).</exception>
    /// <exception cref="PlatformNotSupportedException"><c>chacha20-poly1305</c> on a platform whose crypto library lacks it.</exception>
    public static ILegionCipher Create(string name, string secret, string? iv, string legion)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(legion);
        if (IsAuthenticated(name))
        {
            string canonical = AuthenticatedNames.First(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            return AeadCipher.Create(canonical, secret, legion, chacha: canonical == "chacha20-poly1305");
        }
        return Create(name, secret, iv);
    }

    /// <summary>
    /// Creates a cipher. Key: the UTF-8 bytes of <paramref name="secret"/> (up to a first U+0000, where
    /// uWSGI's C string would end; the same for the IV token), right-padded with 0x00 to <see cref="ILegionCipher.KeySize"/>;
    /// bytes past the key length are unused. IV: the UTF-8 bytes of <paramref name="iv"/>,
    /// right-padded with ASCII '0' (0x30) to <see cref="ILegionCipher.IvSize"/>, all '0' when
    /// <paramref name="iv"/> is null or empty; bytes past the IV length are unused.
    /// </summary>
    /// <param name="name">Cipher name, case-insensitive: one of <see cref="CipherSuites.Supported"/>.</param>
    /// <param name="secret">The shared secret; may be empty (an all-zero key, as uWSGI allows).</param>
    /// <param name="iv">The optional IV token; null when the configuration has none.</param>
    /// <returns>A cipher safe for concurrent use.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="secret"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not supported; the message lists the supported names and never contains the secret.</exception>
    public static ILegionCipher Create(string name, string secret, string? iv)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(secret);
        if (IsAuthenticated(name))
        {
            throw new ArgumentException($"'{name}' is an authenticated cipher: create it with the legion name, Create(name, secret, iv, legion).", nameof(name));
        }
        CipherSpec spec = Find(name) ?? throw new ArgumentException(UnknownCipherMessage(name), nameof(name));
        return spec.Factory(spec, DeriveKey(secret, spec.KeySize), DeriveIv(iv, spec.IvSize));
    }

    /// <summary>The key uWSGI derives from <paramref name="secret"/> for a cipher with <paramref name="keySize"/>-byte keys.</summary>
    internal static byte[] DeriveKey(string secret, int keySize)
    {
        ReadOnlySpan<byte> text = CString(secret);
        byte[] key = new byte[keySize];
        text[..Math.Min(text.Length, keySize)].CopyTo(key);
        return key;
    }

    /// <summary>The IV uWSGI derives from the optional IV token for a cipher with <paramref name="ivSize"/>-byte IVs.</summary>
    internal static byte[] DeriveIv(string? token, int ivSize)
    {
        byte[] iv = new byte[ivSize];
        iv.AsSpan().Fill((byte)'0');
        if (token is not null)
        {
            ReadOnlySpan<byte> text = CString(token);
            text[..Math.Min(text.Length, ivSize)].CopyTo(iv);
        }

        return iv;
    }

    /// <summary>
    /// How many bytes of <paramref name="secret"/> make a CBC cipher's key, as uWSGI 2.0 reads it: its UTF-8 bytes up to
    /// a first NUL (where uWSGI's C string ends), at most <paramref name="keySize"/>; the rest of the key is zeros.
    /// 0 means an all-zero key.
    /// </summary>
    internal static int KeyBytesFrom(string secret, int keySize) => Math.Min(CString(secret).Length, keySize);

    /// <summary>The UTF-8 bytes uWSGI would see: its C string ends at the first 0x00.</summary>
    private static ReadOnlySpan<byte> CString(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int end = Array.IndexOf(bytes, (byte)0);
        return end < 0 ? bytes : bytes.AsSpan(0, end);
    }

    private static CipherSpec? Find(string name) =>
        Table.FirstOrDefault(spec => string.Equals(spec.Name, name, StringComparison.OrdinalIgnoreCase));

    private static string UnknownCipherMessage(string name)
    {
        string supported = string.Join(", ", Table.Select(spec => spec.Name).Concat(AuthenticatedNames));

        // A name holding ':' is likely a whole "CIPHER:SECRET" token passed by mistake: never echo it.
        string shown = name.Contains(':', StringComparison.Ordinal) ? "(not shown: it contains ':' and may hold a secret)" : $"'{name}'";
        return $"Unsupported legion cipher {shown}; supported: {supported}.";
    }
}
