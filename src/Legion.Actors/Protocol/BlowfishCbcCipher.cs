using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Legion.Actors.Protocol;

/// <summary>
/// Blowfish-CBC from BouncyCastle (the BCL has no Blowfish). The key schedule runs once per direction;
/// each call only rewinds the chaining state to the configured IV.
/// </summary>
internal sealed class BlowfishCbcCipher : CbcCipher
{
    private readonly CbcBlockCipher encryptor = new(new BlowfishEngine());
    private readonly CbcBlockCipher decryptor = new(new BlowfishEngine());

    public BlowfishCbcCipher(CipherSpec spec, byte[] key, byte[] iv)
        : base(spec)
    {
        encryptor.Init(true, new ParametersWithIV(new KeyParameter(key), iv));
        decryptor.Init(false, new ParametersWithIV(new KeyParameter(key), iv));
    }

    protected override void EncryptBlocks(ReadOnlySpan<byte> input, Span<byte> output) => Run(encryptor, input, output);

    protected override void DecryptBlocks(ReadOnlySpan<byte> input, Span<byte> output) => Run(decryptor, input, output);

    private void Run(CbcBlockCipher cipher, ReadOnlySpan<byte> input, Span<byte> output)
    {
        // BouncyCastle 1.8.10 works on arrays only.
        byte[] source = input.ToArray();
        byte[] target = new byte[source.Length];
        cipher.Reset();
        for (int offset = 0; offset < source.Length; offset += BlockSize)
        {
            cipher.ProcessBlock(source, offset, target, offset);
        }

        target.CopyTo(output);
    }
}
