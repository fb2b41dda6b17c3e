using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// Startup: from just before the process is started to the arrival of its first announce at a bench socket that
/// the node lists as a <c>legion-node</c> (loopback, so the time is the node's own).
/// </summary>
public static class StartupBench
{
    /// <summary>Starts a lone node <paramref name="trials"/> times; returns milliseconds per start.</summary>
    /// <exception cref="TimeoutException">No announce within 30 s.</exception>
    public static async Task<Samples> RunAsync(NodeKind kind, int trials, TextWriter log)
    {
        var values = new List<double>();
        for (int trial = 1; trial <= trials; trial++)
        {
            using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var target = (IPEndPoint)listener.Client.LocalEndPoint!;
            var spec = new NodeSpec("bench", FreePorts.Udp(), 100, [target], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), FreePorts.Tcp());
            var receive = listener.ReceiveAsync();
            using var node = BenchNode.Start(kind, spec);
            if (await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(30))) != receive)
            {
                throw new TimeoutException($"{kind}: no announce within 30 s of starting:\n{node.Output}");
            }
            double milliseconds = Stopwatch.GetElapsedTime(node.StartedAt).TotalMilliseconds;
            await receive;
            values.Add(milliseconds);
            log.WriteLine($"  {kind} startup trial {trial}/{trials}: {milliseconds:0.0} ms");
        }
        return new Samples(values);
    }
}
