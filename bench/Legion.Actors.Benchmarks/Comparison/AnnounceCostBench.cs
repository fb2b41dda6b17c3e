using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Legion.Actors.Protocol;
using Legion.Fuzz;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// What one announce costs a node, by kind, in each cipher mode: the node's process CPU (utime+stime, less its idle
/// rate) per datagram it judged, while a sender in this process offers 20,000 of one kind at a fixed rate. Kinds: a
/// refresh from one of 10 known members, and an insider's flood announce (sealed with the shared secret) from a new
/// uuid every time, stamped older than the skew tolerance (the kind issue 12 found ~7x dearer than a refresh). Before
/// the measured runs the node is filled with 6,000 such senders, so its bounded tables are full, as under a flood.
/// </summary>
public static class AnnounceCostBench
{
    private const int Count = 20_000;
    private const int Rate = 10_000;
    private const int Prefill = 6_000;

    /// <summary>Runs cbc (aes-128-cbc) and gcm (aes-256-gcm) nodes one after the other; returns a markdown table.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(NodeKind kind, bool quick, TextWriter log)
    {
        var lines = new List<string>
        {
            $"### Announce cost: node CPU per announce judged, {Count:N0} offered at {Rate:N0}/s into one {(kind == NodeKind.LegionNative ? "native" : "JIT")} node, tables full",
            "",
            "| mode | refresh (known member) | skewed announce from a new uuid | ratio |",
            "|---|---|---|---|",
        };
        foreach (var (mode, cipher) in new[] { ("cbc", "aes-128-cbc"), ("gcm", "aes-256-gcm") })
        {
            var spec = new NodeSpec("bench", FreePorts.Udp(), 100, [], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), FreePorts.Tcp()) { Cipher = cipher };
            using var node = BenchNode.Start(kind, spec);
            await WaitForStatsAsync(spec.Stats, node);
            var sender = new Sender(cipher);
            // Warm-up (JIT, pools) and fill the skew evidence and replay guard to their bounds.
            await MeasureAsync(node, spec, () => sender.Refresh(), quick ? 2_000 : 5_000, log, "warm-up refresh");
            await MeasureAsync(node, spec, () => sender.NewSkewed(), Prefill, log, "fill");
            double refresh = await MeasureAsync(node, spec, () => sender.Refresh(), Count, log, $"{mode} refresh");
            double skewed = await MeasureAsync(node, spec, () => sender.NewSkewed(), Count, log, $"{mode} new skewed uuid");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {mode} ({cipher}) | {refresh:0.0} µs | {skewed:0.0} µs | {skewed / refresh:0.0}x |"));
        }
        lines.Add("");
        lines.Add("Command: `dotnet run -c Release --project bench/Legion.Actors.Benchmarks -- compare --only announce-cost --output -`. "
            + "Node CPU includes its receive thread; a refresh from a known member is the heartbeat every member sends.");
        lines.Add("");
        return lines;
    }

    /// <summary>Sends <paramref name="count"/> datagrams at <see cref="Rate"/>, waits until the node is idle again, and returns its CPU µs per datagram judged.</summary>
    private static async Task<double> MeasureAsync(BenchNode node, NodeSpec spec, Func<byte[]> next, int count, TextWriter log, string what)
    {
        double idle = await IdleRateAsync(node);
        var before = await NodeSnapshot.ReadAsync(spec.Stats, CancellationToken.None);
        long kernelBefore = KernelUdpDrops.Read(spec.Bind.Port) ?? 0;
        var cpuBefore = node.CpuTime();
        var clock = Stopwatch.StartNew();
        var datagrams = Enumerable.Range(0, count).Select(_ => next()).ToArray();
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            socket.Connect(spec.Bind);
            var pace = Stopwatch.StartNew();
            for (int sent = 0; sent < count;)
            {
                long due = Math.Min(count, (long)(pace.Elapsed.TotalSeconds * Rate));
                while (sent < due)
                {
                    socket.Send(datagrams[sent++]);
                }
                Thread.Sleep(1);
            }
        }
        await UntilIdleAsync(node, idle);
        var elapsed = clock.Elapsed;
        var cpu = node.CpuTime() - cpuBefore;
        var after = await NodeSnapshot.ReadAsync(spec.Stats, CancellationToken.None);
        long kernel = (KernelUdpDrops.Read(spec.Bind.Port) ?? 0) - kernelBefore;
        long overloaded = after.Drops.GetValueOrDefault("overloaded") - before.Drops.GetValueOrDefault("overloaded");
        long judged = after.Received - before.Received - overloaded;
        double perAnnounce = (cpu.TotalMicroseconds - idle * elapsed.TotalMicroseconds) / Math.Max(1, judged);
        log.WriteLine(FormattableString.Invariant(
            $"  {what}: {count} sent, {judged} judged, {overloaded} overloaded, {kernel} kernel drops, node CPU {cpu.TotalMilliseconds:0} ms in {elapsed.TotalSeconds:0.0} s: {perAnnounce:0.0} µs each"));
        return perAnnounce;
    }

    /// <summary>The node's CPU rate (fraction of a core) over one quiet second.</summary>
    private static async Task<double> IdleRateAsync(BenchNode node)
    {
        var start = node.CpuTime();
        var clock = Stopwatch.StartNew();
        await Task.Delay(1000);
        return (node.CpuTime() - start) / clock.Elapsed;
    }

    /// <summary>Waits until the node's CPU over 250 ms stays within its idle rate plus 2 % of a core (up to 120 s).</summary>
    private static async Task UntilIdleAsync(BenchNode node, double idle)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            var start = node.CpuTime();
            var clock = Stopwatch.StartNew();
            await Task.Delay(250);
            if ((node.CpuTime() - start) / clock.Elapsed <= idle + 0.02)
            {
                return;
            }
        }
    }

    private static async Task WaitForStatsAsync(IPEndPoint stats, BenchNode node)
    {
        for (int i = 0; i < 300; i++)
        {
            try
            {
                await NodeSnapshot.ReadAsync(stats, CancellationToken.None);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("the node never served stats:\n" + node.Output);
    }

    /// <summary>Seals announces of the bench legion as an insider would: 10 members refreshing, and new skewed uuids.</summary>
    private sealed class Sender(string cipherName)
    {
        private readonly ILegionCipher _cipher = LegionCipher.Create(cipherName, NodeSpec.Secret, null, "bench");
        private readonly Announce[] _members = [.. Enumerable.Range(1, 10).Select(i => new Announce
        {
            Legion = "bench",
            Valor = (ulong)i,
            Unix = 0,
            Name = $"member-{i}",
            Pid = 1000 + i,
            Uuid = $"00000000-0000-4000-8000-{i:D12}",
        })];
        private long _next;

        public byte[] Refresh() =>
            LegionDatagram.Seal(_members[_next++ % _members.Length] with { Unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds() }, _cipher);

        public byte[] NewSkewed() => LegionDatagram.Seal(new Announce
        {
            Legion = "bench",
            Valor = 5,
            Unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 100_000,
            Name = "insider",
            Pid = 4242,
            Uuid = Guid.NewGuid().ToString(),
        }, _cipher);
    }
}
