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
    private readonly byte[] blockIn;
    private readonly byte[] blockOut;

    public BouncyCastleCbcCipher(CipherSpec spec, Func<IBlockCipher> engine, byte[] key, byte[] iv)
        : base(spec)
    {
        blockIn = new byte[spec.BlockSize];
        blockOut = new byte[spec.BlockSize];
        encryptor = new CbcBlockCipher(engine());
        decryptor = new CbcBlockCipher(engine());
        encryptor.Init(true, new ParametersWithIV(new KeyParameter(key), iv));
        decryptor.Init(false, new ParametersWithIV(new KeyParameter(key), iv));
    }

    protected override void EncryptBlocks(ReadOnlySpan<byte> input, Span<byte> output) => Run(encryptor, input, output);

    protected override void DecryptBlocks(ReadOnlySpan<byte> input, Span<byte> output) => Run(decryptor, input, output);

    private void Run(CbcBlockCipher cipher, ReadOnlySpan<byte> input, Span<byte> output)
    {
        // BouncyCastle 1.8.10 works on arrays only: one block at a time through two block-sized arrays
        // owned by this instance (the caller holds the lock), so nothing is allocated per call and
        // input and output may be the same memory.
        cipher.Reset();
        for (int offset = 0; offset < input.Length; offset += BlockSize)
        {
            input.Slice(offset, BlockSize).CopyTo(blockIn);
            cipher.ProcessBlock(blockIn, 0, blockOut, 0);
            blockOut.CopyTo(output.Slice(offset, BlockSize));
        }
    }
}
