using System.Net;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>One real uWSGI 2.0 node and one in-process node of ours in the same legion on loopback.</summary>
internal sealed class MixedLegion : IAsyncDisposable
{
    public const string Name = "mixed";

    private MixedLegion(OurNode ours, UwsgiLegionNode uwsgi)
    {
        Ours = ours;
        Uwsgi = uwsgi;
    }

    public OurNode Ours { get; }

    public UwsgiLegionNode Uwsgi { get; }

    public static async Task<MixedLegion> StartAsync(ITestOutputHelper output, ushort ourValor, int uwsgiValor,
        string cipher = "aes-128-cbc", string ourSecret = "s3cret", string uwsgiSecret = "s3cret", string ourLegion = Name,
        string? ourUuid = null, int toleranceSeconds = 3, string? iv = null)
    {
        IPEndPoint ourEndPoint = LoopbackPorts.FreeUdp();
        var uwsgi = await UwsgiLegionNode.StartAsync(new UwsgiLegionConfig
        {
            Legion = Name,
            Valor = uwsgiValor,
            Cipher = cipher,
            Secret = uwsgiSecret,
            Iv = iv,
            Nodes = [ourEndPoint],
            FrequencySeconds = 1,
            ToleranceSeconds = toleranceSeconds,
        });
        try
        {
            var ours = await OurNode.StartAsync(output, ourLegion, ourEndPoint, [uwsgi.LegionEndPoint], ourValor, cipher, ourSecret, iv,
                freqSeconds: 1, toleranceSeconds: toleranceSeconds, uuid: ourUuid);
            return new MixedLegion(ours, uwsgi);
        }
        catch
        {
            await uwsgi.DisposeAsync();
            throw;
        }
    }

    public string Describe() => Uwsgi.Describe();

    public async ValueTask DisposeAsync()
    {
        await Ours.DisposeAsync();
        await Uwsgi.DisposeAsync();
    }
}
