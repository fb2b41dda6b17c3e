using Legion.Actors.Runtime;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Hosting;

/// <summary>
/// Health-driven valor end to end: two real nodes on loopback UDP, the Lord's check a real TCP connection to a
/// listener the test opens and closes on 127.0.0.1.
/// </summary>
public sealed class HealthLoopbackTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<(LegionNode Node, LegionRegistry Registry)> _nodes = [];
    private readonly TcpService _service = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (node, registry) in _nodes)
        {
            await node.StopAsync();
            registry.Dispose();
        }
        _service.Dispose();
    }

    [Fact]
    public async Task A_Lord_whose_service_goes_down_hands_lordship_over_with_no_ghost_on_its_peer_and_takes_it_back_once_the_service_is_up()
    {
        _service.Open();
        var ports = LoopbackLegion.Ports(2);
        var check = LegionHealthCheckSpec.Parse($"name=service interval=1s timeout=1s penalty=60 rise=2 fall=2 tcp:127.0.0.1:{_service.Port}");
        var highOptions = LoopbackLegion.Options("web", ports[0], ports, 90);
        highOptions = highOptions with { Legions = [highOptions.Legions[0] with { HealthChecks = [check] }] };
        highOptions.Validate();
        var high = await LoopbackLegion.StartAsync(highOptions, output, "high");
        _nodes.Add(high);
        var low = await LoopbackLegion.StartAsync(LoopbackLegion.Options("web", ports[1], ports, 50), output, "low");
        _nodes.Add(low);
        var lowTables = new ConcurrentQueue<IReadOnlyList<Member>>();
        using var recording = low.Node.System.Subscribe<LegionStatusChanged>(changed => lowTables.Enqueue(changed.Status.Membership.Members));
        await LoopbackLegion.Until(low.Registry["web"], "low sees high as Lord", s => s.HasQuorum && s.Lord?.Name == "high");
        await LoopbackLegion.Until(high.Registry["web"], "high is Lord with its service healthy",
            s => s.IsLord && s.Health.Single().State.State == HealthState.Healthy);
        var uuid = high.Node.Identity("web").Uuid;

        _service.Close();

        var lowRules = await LoopbackLegion.Until(low.Registry["web"], "low becomes Lord", s => s.IsLord && s.HasQuorum);
        var failing = await LoopbackLegion.Until(high.Registry["web"], "high announces 90 - 60 and sees low as Lord",
            s => s.Self!.Valor == 30 && s.Lord?.Name == "low");
        Assert.Equal(90UL, failing.BaseValor);
        var service = Assert.Single(failing.Health);
        Assert.True(service.IsFailing);
        Assert.Equal("connection refused", service.LastResult!.Detail);
        await LoopbackLegion.Until(low.Registry["web"], "low holds high once, with valor 30",
            s => s.Members.Count == 1 && s.Members[0].Key == new MemberKey(30, "high", uuid));
        await AssertMetered(("legion.valor", 30), ("legion.health.failing", 1));

        _service.Open();

        await LoopbackLegion.Until(high.Registry["web"], "high is Lord again with valor 90", s => s.IsLord && s.HasQuorum && s.Self!.Valor == 90);
        await LoopbackLegion.Until(low.Registry["web"], "low sees high as Lord and holds it once, with valor 90",
            s => s.Lord?.Name == "high" && s.Members.Count == 1 && s.Members[0].Key == new MemberKey(90, "high", uuid));
        AssertNoGhost(lowTables.ToList(), uuid);
        Assert.True(lowRules.IsLord);
    }

    /// <summary>Waits until the <c>Legion</c> meter (of either node in this process) has shown every one of <paramref name="expected"/>.</summary>
    private static async Task AssertMetered(params (string Instrument, long Value)[] expected)
    {
        var seen = new ConcurrentDictionary<(string, long), bool>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LegionMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[(instrument.Name, value)] = true);
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => seen[(instrument.Name, value)] = true);
        listener.Start();
        await Eventually.Until("the meter shows the failing check and the lowered valor", _ =>
        {
            listener.RecordObservableInstruments();
            return Task.FromResult(expected.All(e => seen.ContainsKey(e)));
        }, all => all, LoopbackLegion.Patience, () => string.Join(", ", seen.Keys));
    }

    /// <summary>
    /// The node announces its new identity and right after it the old one's death, from one socket, in order, so
    /// the peer may list both only between those two datagrams: every table (the peer publishes one per change,
    /// and more) that lists both must show the new identity as heard exactly once, by that first announce. An old
    /// identity still listed when a later announce of the new one arrives is a ghost (uWSGI keeps it until it
    /// expires). Also checks the valors the peer saw, in order.
    /// </summary>
    private static void AssertNoGhost(IReadOnlyList<IReadOnlyList<Member>> tables, string uuid)
    {
        var valors = new List<ulong>();
        var both = new List<(MemberKey Newer, TimeSpan HeardAt)>();
        foreach (var table in tables)
        {
            var identities = table.Where(m => m.Uuid == uuid).ToList();
            Assert.True(identities.Count <= 2, $"a table holds {identities.Count} identities of the node");
            if (identities.Count == 2)
            {
                both.Add((identities[1].Key, identities[1].LastSeen));
            }
            if (identities.Count == 1 && (valors.Count == 0 || valors[^1] != identities[0].Valor))
            {
                valors.Add(identities[0].Valor);
            }
        }
        Assert.All(both.GroupBy(b => b.Newer), switched => Assert.True(switched.Select(b => b.HeardAt).Distinct().Count() == 1,
            $"the peer heard {switched.Key} {switched.Select(b => b.HeardAt).Distinct().Count()} times while still listing its old identity"));
        Assert.Equal([90UL, 30UL, 90UL], valors);
    }

    /// <summary>A TCP service on one fixed port of 127.0.0.1 that the test takes down and brings back; accepts and closes every connection.</summary>
    private sealed class TcpService : IDisposable
    {
        private TcpListener? _listener;
        private int _port;

        public int Port => _port;

        public void Open()
        {
            var listener = new TcpListener(IPAddress.Loopback, _port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            _ = AcceptAll(listener);
        }

        public void Close()
        {
            _listener?.Stop();
            _listener = null;
        }

        public void Dispose() => Close();

        private static async Task AcceptAll(TcpListener listener)
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Closed.
            }
        }
    }
}
