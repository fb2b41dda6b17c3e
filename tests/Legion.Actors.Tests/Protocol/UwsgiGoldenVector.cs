using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>One datagram captured from a real uWSGI, the legion cipher configuration it was sent with, and the announce it holds.</summary>
internal sealed record UwsgiGoldenVector(string Cipher, string Secret, string? Iv, string Description, string DatagramHex, Announce Expected)
{
    public byte[] Datagram => Convert.FromHexString(DatagramHex);

    public ILegionCipher CreateCipher() => LegionCipher.Create(Cipher, Secret, Iv);

    public override string ToString() => $"{Cipher}: {Description}";
}
