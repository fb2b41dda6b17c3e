using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Legion.Actors.Protocol;

/// <summary>
/// CBC over a BouncyCastle block engine, for the ciphers the BCL lacks (Blowfish, Triple DES, Camellia,
/// CAST5). The key schedule runs once per direction; each call only rewinds the chaining state to the
/// configured IV.
/// </summary>
internal sealed class BouncyCastleCbcCipher : CbcCipher
{
    private readonly CbcBlockCipher encryptor;
    private readonly CbcBlockCipher decryptor;

    public BouncyCastleCbcCipher(CipherSpec spec, Func<IBlockCipher> engine, byte[] key, byte[] iv)
        : base(spec)
    {
        encryptor = new CbcBlockCipher(engine());
        decryptor = new CbcBlockCipher(engine());
        encryptor.Init(true, new ParametersWithIV(new KeyParameter(key), iv));
        decryptor.Init(false, new ParametersWithIV(new KeyParameter(key), iv));
    }

    protected override void EncryptBlocks(ReadOnlySpan<byte> input, Span<byte> output) => Run(encryptor, input, output);

    protected override void DecryptBlocks(ReadOnlySpan<byte> input, Span<byte> output) => Run(decryptor, input, output);

    private void Run(CbcBlockCipher cipher, ReadOnlySpan<byte> input, Span<byte> output)
    {
        // Block by block straight between the spans (BouncyCastle 2.x takes spans). In place is safe for
        // encryption, the one direction that is called so: CBC folds each plaintext block into its own chaining
        // array before the engine writes the output block. The caller holds the lock.
        cipher.Reset();
        for (int offset = 0; offset < input.Length; offset += BlockSize)
        {
            cipher.ProcessBlock(input.Slice(offset, BlockSize), output.Slice(offset, BlockSize));
        }
    }
}
