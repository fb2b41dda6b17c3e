using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Net.Sockets;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// Announces per second one node absorbs through its real socket and actor pipeline: a separate flood sender process
/// on loopback sends valid announces at rising rates; a rate is absorbed when the kernel dropped none for the node's
/// socket (<c>/proc/net/udp</c>) and the node judged every one sent (<c>datagrams_received</c> in its stats).
/// </summary>
public static class FloodBench
{
    private static readonly int[] Rates = [1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 75_000, 100_000, 150_000, 200_000];

    /// <summary>Steps through the rates until one is not absorbed; returns a markdown table.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(NodeKind kind, bool quick, TextWriter log)
    {
        var lines = new List<string>
        {
            $"### Flood: valid announces from 10 members at a rising rate into one {(kind == NodeKind.LegionNative ? "native" : "JIT")} node (sender: a separate process on loopback)",
            "",
            "| offered /s | sent | judged by the node | kernel drops | judged /s | node CPU (% of a core) | node RSS after |",
            "|---|---|---|---|---|---|---|",
        };
        double seconds = quick ? 2 : 5;
        var spec = new NodeSpec("bench", FreePorts.Udp(), 100, [], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), FreePorts.Tcp());
        using var node = BenchNode.Start(kind, spec);
        await WaitForStatsAsync(spec.Stats, node);
        int best = 0;
        foreach (int rate in Rates)
        {
            long receivedBefore = await ReceivedAsync(spec.Stats);
            long dropsBefore = Legion.Fuzz.KernelUdpDrops.Read(spec.Bind.Port) ?? 0;
            var cpuBefore = node.CpuTime();
            var clock = Stopwatch.StartNew();
            int sent = await SendAsync(spec.Bind, rate, seconds);
            await Task.Delay(TimeSpan.FromSeconds(1)); // drain
            var elapsed = clock.Elapsed;
            long received = await ReceivedAsync(spec.Stats) - receivedBefore;
            long drops = (Legion.Fuzz.KernelUdpDrops.Read(spec.Bind.Port) ?? 0) - dropsBefore;
            double cpu = 100 * (node.CpuTime() - cpuBefore) / elapsed;
            bool absorbed = drops == 0 && received >= sent;
            double judgedPerSecond = received / seconds;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {rate:N0} | {sent:N0} | {received:N0} | {drops:N0} | {judgedPerSecond:N0} | {cpu:0} | {node.ResidentBytes() / 1048576.0:0} MiB |"));
            log.WriteLine($"  flood {rate}/s: sent {sent}, judged {received}, kernel drops {drops}, node CPU {cpu:0} %");
            if (!absorbed)
            {
                break;
            }
            best = rate;
        }
        lines.Add("");
        lines.Add(best > 0 ? $"Highest offered rate absorbed without a drop: **{best:N0} announces/s**." : "Even the lowest rate lost datagrams.");
        lines.Add("");
        return lines;
    }

    private static async Task<int> SendAsync(IPEndPoint target, int rate, double seconds)
    {
        string self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(FloodSender).Assembly.Location);
        }
        foreach (var argument in new[] { FloodSender.Command, target.ToString(), rate.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }
        using var sender = Process.Start(info)!;
        string output = await sender.StandardOutput.ReadToEndAsync();
        await sender.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("sent ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"flood sender failed: {output}");
        return int.Parse(line[5..].Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task WaitForStatsAsync(IPEndPoint stats, BenchNode node)
    {
        for (int i = 0; i < 300; i++)
        {
            try
            {
                await ReceivedAsync(stats);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("the flooded node never served stats:\n" + node.Output);
    }

    private static async Task<long> ReceivedAsync(IPEndPoint stats)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(stats);
        await using var stream = client.GetStream();
        using var document = await JsonDocument.ParseAsync(stream);
        return document.RootElement.GetProperty("legions")[0].GetProperty("datagrams_received").GetInt64();
    }
}
