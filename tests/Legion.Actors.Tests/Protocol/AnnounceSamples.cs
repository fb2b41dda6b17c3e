using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>Announces used across protocol tests.</summary>
internal static class AnnounceSamples
{
    /// <summary>The announce that <see cref="VarsBody.UwsgiPairs"/> encodes.</summary>
    public static Announce Typical() => new()
    {
        Legion = "gold",
        Valor = 77,
        Unix = 1795242971,
        Lord = 0,
        Name = "vm",
        Pid = 17202,
        Uuid = VarsBody.SampleUuid,
        Checksum = 2170,
        LordValor = 77,
        LordUuid = VarsBody.SampleUuid,
    };
}
