using Legion.Actors.Protocol;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Legion.Actors.Tests.Protocol;

public class DesEde3EngineTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void It_transforms_every_block_as_bouncy_castles_triple_des_does(bool forEncryption)
    {
        var random = new Random(5);
        for (int round = 0; round < 200; round++)
        {
            byte[] key = new byte[24];
            random.NextBytes(key);
            var reference = new DesEdeEngine();
            var engine = new DesEde3Engine();
            reference.Init(forEncryption, new KeyParameter(key));
            engine.Init(forEncryption, new KeyParameter(key));

            byte[] input = new byte[8];
            random.NextBytes(input);
            byte[] expected = new byte[8];
            byte[] actual = new byte[8];
            reference.ProcessBlock(input, 0, expected, 0);
            engine.ProcessBlock(input, 0, actual, 0);

            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void A_key_that_is_not_24_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new DesEde3Engine().Init(true, new KeyParameter(new byte[16])));
    }
}
