using System.Diagnostics;
using System.Globalization;
using System.Net;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// One legion of N real nodes on loopback, all in this process (one <see cref="LegionNode"/> each, real UDP sockets,
/// a unicast mesh: every node announces to every other once a second, tolerance 3 s). Measures the time to converge on
/// one Lord, then watches the legion for a span: Lord changes, members each node sees, CPU of the process and
/// datagrams per second.
/// </summary>
public static class ScaleBench
{
    /// <summary>Runs the legion for <paramref name="span"/> after it converged; returns a markdown block.</summary>
    /// <exception cref="TimeoutException">It did not converge within two minutes.</exception>
    public static async Task<IReadOnlyList<string>> RunAsync(int count, TimeSpan span, TextWriter log)
    {
        var binds = Enumerable.Range(0, count).Select(_ => FreePorts.Udp()).ToArray();
        var nodes = new List<LegionNode>();
        int lordEvents = 0, unlordEvents = 0, memberLeft = 0;
        var process = Process.GetCurrentProcess();
        var started = Stopwatch.StartNew();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var args = new List<string>
                {
                    "--legion", $"bench {binds[i]} {count - i} aes-128-cbc:{NodeSpec.Secret}",
                    "--legion-freq", "1", "--legion-tolerance", "3",
                };
                foreach (var peer in binds.Where((_, j) => j != i))
                {
                    args.AddRange(["--legion-node", $"bench {peer}"]);
                }
                var options = UwsgiOptions.FromCommandLine(args).Options;
                var node = await LegionNode.StartAsync(options);
                node.Subscribe(e =>
                {
                    switch (e.Event)
                    {
                        case LegionEvent.Lord: Interlocked.Increment(ref lordEvents); break;
                        case LegionEvent.Unlord: Interlocked.Increment(ref unlordEvents); break;
                        case LegionEvent.NodeLeft: Interlocked.Increment(ref memberLeft); break;
                    }
                });
                nodes.Add(node);
            }
            log.WriteLine($"  scale: {count} nodes started in {started.Elapsed.TotalSeconds:0.0} s");
            while (!await ConvergedAsync(nodes))
            {
                if (started.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException($"{count} nodes did not converge on one Lord within 2 minutes");
                }
                await Task.Delay(250);
            }
            var converged = started.Elapsed;
            log.WriteLine($"  scale: converged after {converged.TotalSeconds:0.0} s; watching for {span.TotalSeconds:0} s");
            int lordsBefore = lordEvents, unlordsBefore = unlordEvents, leftBefore = memberLeft;
            long receivedBefore = await ReceivedAsync(nodes);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            int unstableChecks = 0, checks = 0;
            while (watch.Elapsed < span)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                checks++;
                if (!await ConvergedAsync(nodes))
                {
                    unstableChecks++;
                }
            }
            var elapsed = watch.Elapsed;
            process.Refresh();
            double cpu = 100 * (process.TotalProcessorTime - cpuBefore) / elapsed;
            double perSecond = (await ReceivedAsync(nodes) - receivedBefore) / elapsed.TotalSeconds;
            long rss = process.WorkingSet64;
            var result = string.Create(CultureInfo.InvariantCulture,
                $"{count} nodes on loopback (one process, {Environment.ProcessorCount} cores): converged on one Lord {converged.TotalSeconds:0.0} s after the first start "
                + $"(starting them took part of that); then for {elapsed.TotalMinutes:0.0} min: {lordEvents - lordsBefore} lord and {unlordEvents - unlordsBefore} unlord events, "
                + $"{memberLeft - leftBefore} members lost, {unstableChecks} of {checks} checks (every 5 s) not agreeing on one Lord with {count - 1} members each; "
                + $"{perSecond:N0} datagrams received per second in all ({perSecond / count:N0} per node); process CPU {cpu:0} % of a core ({cpu / count:0.00} % per node); RSS {rss / 1048576.0:0} MiB.");
            log.WriteLine("  " + result);
            return ["### Scale", "", "- " + result];
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<bool> ConvergedAsync(IReadOnlyList<LegionNode> nodes)
    {
        var statuses = await Task.WhenAll(nodes.Select(n => n.GetStatusAsync("bench")));
        var lord = statuses.Where(s => s.Election.IsLord).ToList();
        return lord.Count == 1
            && statuses.All(s => s.Election.Candidate == statuses[0].Election.Candidate && s.Membership.Count == nodes.Count - 1);
    }

    private static async Task<long> ReceivedAsync(IReadOnlyList<LegionNode> nodes) =>
        (await Task.WhenAll(nodes.Select(n => n.GetStatusAsync("bench")))).Sum(s => s.Transport?.Received ?? 0);
}
