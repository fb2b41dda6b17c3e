using System.Security.Cryptography;

namespace Legion.Actors.Protocol;

/// <summary>AES-CBC from the BCL; one <see cref="Aes"/> instance per cipher, used through the one-shot CBC APIs.</summary>
internal sealed class AesCbcCipher : CbcCipher
{
    private readonly Aes aes;
    private readonly byte[] iv;

    public AesCbcCipher(CipherSpec spec, byte[] key, byte[] iv)
        : base(spec)
    {
        aes = Aes.Create();
        aes.Key = key;
        this.iv = iv;
    }

    protected override void EncryptBlocks(ReadOnlySpan<byte> input, Span<byte> output) =>
        aes.EncryptCbc(input, iv, output, PaddingMode.None);

    protected override void DecryptBlocks(ReadOnlySpan<byte> input, Span<byte> output) =>
        aes.DecryptCbc(input, iv, output, PaddingMode.None);
}
