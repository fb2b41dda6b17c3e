using System.Net;
using System.Net.Sockets;
using Legion.Actors.Protocol;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Protocol;

/// <summary>
/// Live wire compatibility with the installed uWSGI 2.0: every test starts a real uwsgi on loopback
/// (killed at the end, pass or fail), reads what it sends, and checks what it accepts through its
/// stats JSON. Waits poll with deadlines; nothing relies on a fixed sleep.
/// </summary>
[Trait("Category", "Interop")]
public sealed class UwsgiInteropTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly List<UwsgiLegionNode> nodes = [];
    private readonly List<UdpClient> sockets = [];

    /// <summary>The same cipher settings as the golden vectors: short and long secrets, with and without IV tokens.</summary>
    public static TheoryData<string, string, string?> CipherSettings => new()
    {
        { "aes-128-cbc", "s3cret", null },
        { "aes-192-cbc", "s3cret", "my-iv" },
        { "aes-256-cbc", "a-secret-that-is-much-longer-than-any-key-length", "0123456789abcdefXYZ" },
        { "bf-cbc", "blowfish-secret-longer-than-16", "bfiv" },
    };

    [Theory]
    [MemberData(nameof(CipherSettings))]
    public async Task Announces_from_a_live_uWSGI_open_to_what_its_stats_report(string cipherName, string secret, string? iv)
    {
        var peer = OpenPeerSocket();
        var node = await StartNodeAsync(new() { Cipher = cipherName, Secret = secret, Iv = iv, Nodes = [Local(peer)], Scroll = "hello-scroll" });
        var cipher = LegionCipher.Create(cipherName, secret, iv);
        var received = new List<Announce>();
        var dropped = new List<string>();

        // Read until uWSGI announces itself as Lord. Every datagram on the way must open, which also
        // shows that uWSGI restarts CBC from the configured IV for each datagram.
        var lordAnnounce = await Eventually.Until(
            "uWSGI announces itself as Lord",
            async token =>
            {
                var result = await peer.ReceiveAsync(token);
                if (!LegionDatagram.TryOpen(result.Buffer, cipher, "gold", out var announce, out var reason))
                {
                    dropped.Add($"{reason}: {Convert.ToHexStringLower(result.Buffer)}");
                    return null;
                }

                received.Add(announce);
                return announce;
            },
            announce => announce?.Lord > 0,
            Deadline,
            node.Describe);
        var stats = await node.ReadStatsAsync();
        var legion = stats.Legion("gold");

        Assert.Empty(dropped);
        Assert.All(received, announce =>
        {
            Assert.Equal(("gold", 77UL, legion.Uuid, Dns.GetHostName(), (long)node.Process.Id), (announce.Legion, announce.Valor, announce.Uuid, announce.Name, announce.Pid));
            Assert.Equal("hello-scroll"u8.ToArray(), announce.Scroll?.ToArray());
            Assert.False(announce.Dead);
        });
        Assert.Equal(stats.Pid, node.Process.Id);
        Assert.Equal((legion.IAmTheLord, legion.Checksum, legion.LordValor, legion.LordUuid), (lordAnnounce!.Lord, lordAnnounce.Checksum, lordAnnounce.LordValor, lordAnnounce.LordUuid));
    }

    [Fact]
    public async Task A_live_uWSGI_sends_a_death_announce_when_terminated()
    {
        var peer = OpenPeerSocket();
        var node = await StartNodeAsync(new() { Nodes = [Local(peer)] });
        var cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null);
        await ReceiveAnnounceAsync(peer, cipher, node);

        node.Process.Terminate();
        var death = await Eventually.Until(
            "uWSGI sends a death announce",
            token => ReceiveAnnounceAsync(peer, cipher, node, token),
            announce => announce.Dead,
            Deadline,
            node.Describe);

        Assert.Equal(node.Process.Id, death.Pid);
        Assert.True(await node.Process.WaitForExitAsync(Deadline), node.Describe());
    }

    [Theory]
    [MemberData(nameof(CipherSettings))]
    public async Task uWSGI_lists_a_member_whose_announces_we_sealed(string cipherName, string secret, string? iv)
    {
        var peer = OpenPeerSocket();
        var node = await StartNodeAsync(new() { Cipher = cipherName, Secret = secret, Iv = iv, Nodes = [Local(peer)] });
        var cipher = LegionCipher.Create(cipherName, secret, iv);
        var us = OurAnnounce(valor: 100);

        var member = await AnnounceUntilListedAsync(peer, node, cipher, us);

        Assert.Equal((us.Name, us.Uuid, us.Valor), (member.Name, member.Uuid, member.Valor));
        Assert.False(node.Process.HasExited);
    }

    [Theory]
    [MemberData(nameof(CipherSettings))]
    public async Task uWSGI_ignores_announces_sealed_with_the_wrong_secret_and_keeps_running(string cipherName, string secret, string? iv)
    {
        var peer = OpenPeerSocket();
        var node = await StartNodeAsync(new() { Cipher = cipherName, Secret = secret, Iv = iv, Nodes = [Local(peer)] });
        var wrong = LegionCipher.Create(cipherName, "wrong" + secret, iv);
        var right = LegionCipher.Create(cipherName, secret, iv);
        var intruder = OurAnnounce(valor: 200);

        for (int i = 0; i < 5; i++)
        {
            await peer.SendAsync(LegionDatagram.Seal(intruder with { Unix = Now() }, wrong), node.LegionEndPoint);
        }

        // uWSGI reads its one socket in order, so once it lists a correctly sealed probe sent after
        // the intruder's datagrams, it has already judged all of them.
        await AnnounceUntilListedAsync(peer, node, right, OurAnnounce(valor: 100));
        var legion = await node.ReadLegionAsync();

        Assert.DoesNotContain(legion.Members, m => m.Uuid == intruder.Uuid);
        Assert.False(node.Process.HasExited, node.Describe());
    }

    [Fact]
    public async Task uWSGI_removes_our_member_at_once_when_we_announce_our_death()
    {
        var peer = OpenPeerSocket();
        var node = await StartNodeAsync(new() { Nodes = [Local(peer)] });
        var cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null);
        var us = OurAnnounce(valor: 100);
        await AnnounceUntilListedAsync(peer, node, cipher, us);

        await peer.SendAsync(LegionDatagram.Seal(us with { Unix = Now(), Dead = true }, cipher), node.LegionEndPoint);

        await Eventually.Until(
            "uWSGI drops the member that announced its death",
            token => node.ReadLegionAsync(token),
            legion => legion.Members.All(m => m.Uuid != us.Uuid),
            Deadline,
            node.Describe);
    }

    [Theory]
    [InlineData("1a")]
    [InlineData("-0")]
    [InlineData("00000000000000000077")]
    public async Task uWSGI_reads_an_odd_valor_exactly_as_our_decoder_does(string valorText)
    {
        var peer = OpenPeerSocket();
        var node = await StartNodeAsync(new() { Nodes = [Local(peer)] });
        var cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null);
        string uuid = Guid.NewGuid().ToString();
        byte[] Body() => VarsBody.Of(VarsBody.UwsgiPairs()
            .With("valor", valorText).With("unix", Now().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("name", "odd-valor").With("uuid", uuid).With("checksum", "0").With("lord_valor", "0").With("lord_uuid", new string('\0', 36)));
        Assert.True(AnnounceCodec.TryDecode(Body(), out var ours, out _));

        var member = await Eventually.Until(
            $"uWSGI lists the member announcing valor '{valorText}'",
            async token =>
            {
                await peer.SendAsync(LegionDatagram.Seal(Body(), cipher), node.LegionEndPoint, token);
                return (await node.ReadLegionAsync(token)).Members.FirstOrDefault(m => m.Uuid == uuid);
            },
            m => m is not null,
            Deadline,
            node.Describe);

        // uWSGI keeps a member's valor in 16 bits (legion.c, uwsgi_legion_add_node), so "-0", read as
        // 2^64 - 30 by both, shows up as 65506.
        Assert.Equal((ulong)(ushort)ours.Valor, member!.Valor);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        foreach (var node in nodes)
        {
            output.WriteLine(node.Describe());
            await node.DisposeAsync();
        }
    }

    private static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    private static IPEndPoint Local(UdpClient socket) => (IPEndPoint)socket.Client.LocalEndPoint!;

    private static Announce OurAnnounce(ulong valor) => new()
    {
        Legion = "gold",
        Valor = valor,
        Unix = Now(),
        Name = "legion-actors-test",
        Pid = Environment.ProcessId,
        Uuid = Guid.NewGuid().ToString(),
    };

    private static async Task<Announce> ReceiveAnnounceAsync(UdpClient peer, ILegionCipher cipher, UwsgiLegionNode node, CancellationToken token = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(Deadline);
        var result = await peer.ReceiveAsync(timeout.Token);
        Assert.True(LegionDatagram.TryOpen(result.Buffer, cipher, "gold", out var announce, out var reason), $"dropped as {reason}\n{node.Describe()}");
        return announce;
    }

    /// <summary>Sends our announce (fresh unix each time) about once a second until uWSGI's stats list us.</summary>
    private static async Task<UwsgiMemberStats> AnnounceUntilListedAsync(UdpClient peer, UwsgiLegionNode node, ILegionCipher cipher, Announce us)
    {
        var lastSent = DateTimeOffset.MinValue;
        var member = await Eventually.Until(
            $"uWSGI lists member {us.Uuid}",
            async token =>
            {
                if (TimeProvider.System.GetUtcNow() - lastSent >= TimeSpan.FromSeconds(1))
                {
                    await peer.SendAsync(LegionDatagram.Seal(us with { Unix = Now() }, cipher), node.LegionEndPoint, token);
                    lastSent = TimeProvider.System.GetUtcNow();
                }

                return (await node.ReadLegionAsync(token)).Members.FirstOrDefault(m => m.Uuid == us.Uuid);
            },
            m => m is not null,
            Deadline,
            node.Describe);
        return member!;
    }

    /// <summary>A UDP socket on 127.0.0.1 (free port) that uWSGI sends to and that we send from.</summary>
    private UdpClient OpenPeerSocket()
    {
        var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        sockets.Add(socket);
        return socket;
    }

    private async Task<UwsgiLegionNode> StartNodeAsync(UwsgiLegionConfig config)
    {
        var node = await UwsgiLegionNode.StartAsync(config);
        nodes.Add(node);
        return node;
    }
}
