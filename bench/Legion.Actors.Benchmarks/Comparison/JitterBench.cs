using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>What happened to the Lord's heartbeat while its <c>lord</c> action slept.</summary>
/// <param name="Intervals">Gaps between the Lord's consecutive announces at a bench socket, ms.</param>
/// <param name="LongestGap">The longest gap, ms (freq is 1,000).</param>
/// <param name="Takeovers">How often the other node fired its own lord action meanwhile (peers expired the Lord).</param>
public sealed record JitterFigures(Samples Intervals, double LongestGap, int Takeovers);

/// <summary>
/// Heartbeats during a slow action: a 2-node legion at freq 1 s / tolerance 3 s whose Lord runs
/// <c>cmd:sleep 30</c> when it becomes Lord. uWSGI runs actions on the heartbeat thread (legion.c), ours off it.
/// </summary>
public static class JitterBench
{
    /// <summary>Measures the Lord's announce intervals for <paramref name="window"/> after it fired its lord action.</summary>
    /// <exception cref="TimeoutException">The Lord never fired its action.</exception>
    public static async Task<JitterFigures> RunAsync(NodeKind kind, TimeSpan window, TextWriter log)
    {
        using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var arrivals = new List<long>();
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await listener.ReceiveAsync(stop.Token);
                    lock (arrivals)
                    {
                        arrivals.Add(Stopwatch.GetTimestamp());
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        using var cluster = LegionCluster.Start(kind, 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3),
            listeners: [(IPEndPoint)listener.Client.LocalEndPoint!], lordActions: ["cmd:sleep " + (int)window.TotalSeconds]);
        var wait = Stopwatch.StartNew();
        long? lordAt;
        while ((lordAt = cluster[0].LineAfter(NodeSpec.LordMarker, 0)) is null)
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{kind}: the Lord never fired its lord action:\n{cluster[0].Output}");
            }
            await Task.Delay(10);
        }
        await Task.Delay(window);
        long end = Stopwatch.GetTimestamp();
        stop.Cancel();
        await receiving;
        long[] during;
        lock (arrivals)
        {
            during = arrivals.Where(a => a >= lordAt.Value && a <= end).ToArray();
        }
        var gaps = new List<double>();
        long previous = lordAt.Value;
        foreach (long arrival in during)
        {
            gaps.Add(Stopwatch.GetElapsedTime(previous, arrival).TotalMilliseconds);
            previous = arrival;
        }
        gaps.Add(Stopwatch.GetElapsedTime(previous, end).TotalMilliseconds); // a stall lasting to the end counts too
        int takeovers = 0;
        for (long after = lordAt.Value; cluster[1].LineAfter(NodeSpec.LordMarker, after) is { } at && at <= end; after = at)
        {
            takeovers++;
        }
        var figures = new JitterFigures(new Samples(gaps.Take(gaps.Count - 1).ToList()), gaps.Max(), takeovers);
        log.WriteLine($"  {kind} heartbeat during a {window.TotalSeconds:0} s lord action: {during.Length} announces, longest gap {figures.LongestGap:0} ms, {takeovers} takeover(s)");
        return figures;
    }
}
