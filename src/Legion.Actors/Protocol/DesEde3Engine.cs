using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Legion.Actors.Protocol;

/// <summary>
/// Three-key Triple DES (EDE) as three single-DES engines, the same transform as BouncyCastle's
/// <see cref="DesEdeEngine"/> (encrypt: E(k1), D(k2), E(k3); decrypt: D(k3), E(k2), D(k1); key parity
/// bits ignored), but with one intermediate block kept per instance: BouncyCastle 1.8.10's
/// <see cref="DesEdeEngine"/> allocates one per block. Not thread-safe (the cipher's lock covers it).
/// </summary>
internal sealed class DesEde3Engine : IBlockCipher
{
    private const int Block = 8;

    private readonly DesEngine first = new();
    private readonly DesEngine second = new();
    private readonly DesEngine third = new();
    private readonly byte[] middle = new byte[Block];

    public string AlgorithmName => "DESede";

    public bool IsPartialBlockOkay => false;

    public int GetBlockSize() => Block;

    /// <exception cref="ArgumentException">The key is not 24 bytes.</exception>
    public void Init(bool forEncryption, ICipherParameters parameters)
    {
        if (parameters is not KeyParameter { } key || key.GetKey() is not { Length: 3 * Block } bytes)
        {
            throw new ArgumentException("Triple DES here takes a 24-byte key.", nameof(parameters));
        }

        // In each direction the three stages run in order first, second, third.
        byte[] k1 = bytes[..Block], k2 = bytes[Block..(2 * Block)], k3 = bytes[(2 * Block)..];
        first.Init(forEncryption, new KeyParameter(forEncryption ? k1 : k3));
        second.Init(!forEncryption, new KeyParameter(k2));
        third.Init(forEncryption, new KeyParameter(forEncryption ? k3 : k1));
    }

    public int ProcessBlock(byte[] inBuf, int inOff, byte[] outBuf, int outOff)
    {
        first.ProcessBlock(inBuf, inOff, middle, 0);
        second.ProcessBlock(middle, 0, middle, 0);
        third.ProcessBlock(middle, 0, outBuf, outOff);
        return Block;
    }

    public void Reset()
    {
    }
}
