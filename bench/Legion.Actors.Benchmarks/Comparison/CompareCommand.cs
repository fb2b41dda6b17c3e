using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// The one bench command (<c>./build.sh bench</c>, or <c>dotnet run -c Release --project bench/Legion.Actors.Benchmarks -- compare</c>):
/// runs our nodes and real uWSGI 2.0 nodes under the same ini settings, on this machine, in one go, prints a markdown
/// table with both and the ratio, and writes it to <c>bench/RESULTS.md</c> with the date and the machine.
/// </summary>
/// <remarks>
/// Options: <c>--trials N</c> (failover trials per row, default 20), <c>--quick</c> (3 trials and short windows, to
/// check the command works; not for figures), <c>--only A,B</c> (parts: failover, subsecond, startup, idle, jitter,
/// codec, flood, announce-cost, scale, simulation), <c>--sim-nodes N</c> (nodes of the simulated legion, default 1,000), <c>--idle-warmup S</c> (seconds the idle legions run
/// after settling before the idle window; default 60, 10 with <c>--quick</c>), <c>--output FILE</c> (default bench/RESULTS.md; <c>-</c> for none).
/// </remarks>
public static class CompareCommand
{
    /// <summary>The first argument selecting this command.</summary>
    public const string Command = "compare";

    private static readonly string[] AllParts = ["startup", "failover", "quorum", "subsecond", "jitter", "idle", "codec", "flood", "announce-cost", "scale", "simulation"];

    /// <summary>Runs the selected parts and writes the report.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        int trials = 20;
        int simulatedNodes = 1000;
        bool quick = false;
        double? idleWarmup = null;
        string output = Path.Combine(Repository.Root, "bench", "RESULTS.md");
        var parts = AllParts.ToHashSet();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--trials": trials = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--quick": quick = true; break;
                case "--sim-nodes": simulatedNodes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--idle-warmup": idleWarmup = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--only": parts = args[++i].Split(',').ToHashSet(); break;
                case "--output": output = args[++i]; break;
                default:
                    Console.Error.WriteLine($"compare: unknown argument '{args[i]}'; expected --trials N, --quick, --sim-nodes N, --idle-warmup S, --only {string.Join(',', AllParts)}, --output FILE");
                    return 2;
            }
        }
        if (parts.Except(AllParts).ToList() is { Count: > 0 } unknown)
        {
            Console.Error.WriteLine($"compare: unknown part(s) {string.Join(", ", unknown)}; expected some of {string.Join(", ", AllParts)}");
            return 2;
        }
        if (quick)
        {
            trials = Math.Min(trials, 3);
        }
        var report = new Report(quick, trials);
        var log = Console.Out;
        var kinds = new List<NodeKind> { NodeKind.Uwsgi, NodeKind.LegionJit };
        bool native = File.Exists(Repository.NativeHost);
        if (native)
        {
            kinds.Add(NodeKind.LegionNative);
        }
        else
        {
            report.Note($"Native host not found at {Repository.NativeHost} (run ./build.sh native): native rows left out.");
            Console.WriteLine($"compare: native host not found at {Repository.NativeHost} (run ./build.sh native): skipping it, JIT host and uWSGI only");
        }
        var ours = native ? NodeKind.LegionNative : NodeKind.LegionJit;
        report.Note($"Failover, handover and heartbeat rows run our {(native ? "native" : "JIT")} host.");
        var wall = Stopwatch.StartNew();

        if (parts.Contains("startup"))
        {
            Console.WriteLine("== startup: process start to first announce");
            var startup = new Dictionary<NodeKind, Samples>();
            foreach (var kind in kinds)
            {
                startup[kind] = await StartupBench.RunAsync(kind, quick ? 3 : 10, log);
            }
            foreach (var kind in kinds.Skip(1))
            {
                report.Row($"Startup to first announce, {Label(kind)} (p50 / p99, {startup[kind].Values.Count} starts)",
                    startup[NodeKind.Uwsgi].P50P99("ms", format: "0"), startup[kind].P50P99("ms", format: "0"), Ratio(startup[kind].Median, startup[NodeKind.Uwsgi].Median));
            }
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("failover"))
        {
            foreach (bool graceful in new[] { false, true })
            {
                string what = graceful ? "Graceful handover (SIGTERM the Lord)" : "Crash failover (SIGKILL the Lord)";
                Console.WriteLine($"== {what}, 3 nodes, freq 1 s, tolerance 3 s");
                var theirs = await FailoverBench.RunAsync(NodeKind.Uwsgi, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), graceful, trials, log);
                var mine = await FailoverBench.RunAsync(ours, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), graceful, trials, log);
                report.Row($"{what} to the next `lord` action, freq 1 s / tolerance 3 s (p50 / p99, {trials} trials)",
                    theirs.P50P99("s", 1000, "0.000"), mine.P50P99("s", 1000, "0.000"), Ratio(mine.Median, theirs.Median));
            }
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("quorum"))
        {
            // With a quorum our survivors wait 1.25 periods after the Lord's tolerance (LegionSettings.ClaimFence), so a
            // Lord cut off by a partition has stepped down before a new one rises; uWSGI claims at once.
            Console.WriteLine("== Crash failover with legion-quorum 2 of 3, freq 1 s, tolerance 3 s");
            var theirs = await FailoverBench.RunAsync(NodeKind.Uwsgi, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), graceful: false, trials, log, quorum: 2);
            var mine = await FailoverBench.RunAsync(ours, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), graceful: false, trials, log, quorum: 2);
            report.Row($"Crash failover with `legion-quorum` 2 of 3, freq 1 s / tolerance 3 s (p50 / p99, {trials} trials; ours waits 1.25 periods more so a cut-off Lord steps down first)",
                theirs.P50P99("s", 1000, "0.000"), mine.P50P99("s", 1000, "0.000"), Ratio(mine.Median, theirs.Median));
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("subsecond"))
        {
            foreach (bool graceful in new[] { false, true })
            {
                string what = graceful ? "Graceful handover" : "Crash failover";
                Console.WriteLine($"== {what}, 3 nodes, freq 50 ms, tolerance 250 ms (ours only)");
                var mine = await FailoverBench.RunAsync(ours, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), graceful, trials, log);
                report.Row($"{what}, freq 50 ms / tolerance 250 ms (p50 / p99, {trials} trials)",
                    "n/a (whole seconds only)", mine.P50P99("ms", format: "0.0"), "");
            }
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("jitter"))
        {
            var window = TimeSpan.FromSeconds(quick ? 10 : 30);
            Console.WriteLine($"== heartbeat during a {window.TotalSeconds:0} s lord action");
            var theirs = await JitterBench.RunAsync(NodeKind.Uwsgi, window, log);
            var mine = await JitterBench.RunAsync(ours, window, log);
            report.Row($"Lord's longest announce gap during a {window.TotalSeconds:0} s `lord` action, freq 1 s",
                $"{theirs.LongestGap / 1000:0.0} s, {theirs.Takeovers} takeover(s)", $"{mine.LongestGap / 1000:0.000} s, {mine.Takeovers} takeover(s)",
                Ratio(mine.LongestGap, theirs.LongestGap));
            report.Row("Announce interval during that action (p50 / p99)", theirs.Intervals.P50P99("ms", format: "0"), mine.Intervals.P50P99("ms", format: "0"), "");
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("idle"))
        {
            var window = TimeSpan.FromSeconds(quick ? 10 : 60);
            var warmup = TimeSpan.FromSeconds(idleWarmup ?? (quick ? 10 : 60));
            Console.WriteLine($"== idle: one node of a 5-node legion, freq 1 s, {warmup.TotalSeconds:0} s warm-up, {window.TotalSeconds:0} s window");
            var idle = await IdleBench.RunAsync(kinds, warmup, window, log);
            var uwsgi = idle[NodeKind.Uwsgi];
            foreach (var kind in kinds.Skip(1))
            {
                var mine = idle[kind];
                report.Row($"Idle CPU, {Label(kind)}, % of a core over {window.TotalSeconds:0} s after {warmup.TotalSeconds:0} s settled (process tree's utime+stime, 10 ms ticks; median node / busiest of 5)",
                    Pair(uwsgi.CpuPercent, "0.000", "%"), Pair(mine.CpuPercent, "0.000", "%"), Ratio(mine.CpuPercent.Median, uwsgi.CpuPercent.Median));
                report.Row($"Idle CPU cross-check, {Label(kind)}: per-thread schedstat (ns) sampled every 100 ms, threads that ended included (median node / busiest of 5)",
                    Pair(uwsgi.CrossCheckPercent, "0.000", "%"), Pair(mine.CrossCheckPercent, "0.000", "%"), Ratio(mine.CrossCheckPercent.Median, uwsgi.CrossCheckPercent.Median));
                report.Row($"Resident memory, {Label(kind)}, VmRSS of the legion process (median / largest of 5)",
                    Pair(uwsgi.ResidentMiB, "0.0", "MiB"), Pair(mine.ResidentMiB, "0.0", "MiB"), Ratio(mine.ResidentMiB.Median, uwsgi.ResidentMiB.Median));
                report.Row($"Memory of the process tree, {Label(kind)}, PSS (uWSGI: master + worker; median / largest)",
                    Pair(uwsgi.TreePssMiB, "0.0", "MiB"), Pair(mine.TreePssMiB, "0.0", "MiB"), Ratio(mine.TreePssMiB.Median, uwsgi.TreePssMiB.Median));
            }
            double resolution = 200.0 / ProcessTree.ClockTicksPerSecond / window.TotalSeconds;
            report.Note(FormattableString.Invariant(
                $"Idle CPU by utime+stime counts {ProcessTree.ClockTicksPerSecond} Hz clock ticks: within ±{resolution:0.000} points of a core per process over {window.TotalSeconds:0} s, so a uWSGI node (master + worker) below about {2 * resolution:0.00} % is under its resolution; the schedstat cross-check is exact to the nanosecond but misses threads shorter than 100 ms."));
            var disagreements = kinds.SelectMany(k => idle[k].Disagreements).ToList();
            report.Note(disagreements.Count == 0
                ? "Idle CPU: the two methods agree on every node (within 20 %, or within 0.02 points of a core or the tick resolution)."
                : "**Idle CPU: the two methods disagree (a bug in one of them):** " + string.Join("; ", disagreements));
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("codec"))
        {
            Console.WriteLine("== codec: seal and open one announce per cipher (BenchmarkDotNet)");
            foreach (var line in CodecBench.Run(quick))
            {
                report.Extra(line);
            }
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("flood"))
        {
            Console.WriteLine("== flood: announces per second one node absorbs");
            foreach (var line in await FloodBench.RunAsync(ours, quick, log))
            {
                report.Extra(line);
            }
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("announce-cost"))
        {
            Console.WriteLine("== announce cost: node CPU per refresh and per skewed announce from a new uuid, cbc and gcm");
            foreach (var line in await AnnounceCostBench.RunAsync(ours, quick, log))
            {
                report.Extra(line);
            }
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("scale"))
        {
            var span = TimeSpan.FromSeconds(quick ? 30 : 300);
            Console.WriteLine($"== scale: 100 nodes on loopback for {span.TotalSeconds:0} s");
            foreach (var line in await ScaleBench.RunAsync(100, span, log))
            {
                report.Extra(line);
            }
        }
        await SaveAsync(report, args, output, final: false);
        if (parts.Contains("simulation"))
        {
            Console.WriteLine($"== scale: {simulatedNodes:N0} nodes in simulation");
            foreach (var line in SimulationScale.Run(simulatedNodes, quick, log))
            {
                report.Extra(line);
            }
        }

        await SaveAsync(report, args, output, final: false);
        report.Note($"Whole run: {wall.Elapsed.TotalMinutes:0.0} min.");
        string text = report.ToMarkdown(string.Join(' ', new[] { "compare" }.Concat(args)));
        Console.WriteLine();
        Console.WriteLine(text);
        if (output != "-")
        {
            await File.WriteAllTextAsync(output, text);
            Console.WriteLine($"written to {output}");
        }
        return 0;
    }

    // Written after every part, so a run cut short (a session ending, a part that hangs) still leaves what it measured;
    // the file says it is partial until the last part is done.
    private static async Task SaveAsync(Report report, string[] args, string output, bool final)
    {
        if (output != "-")
        {
            string text = report.ToMarkdown(string.Join(' ', new[] { "compare" }.Concat(args)));
            await File.WriteAllTextAsync(output, final ? text : text + "\n_Partial: the run was still going when this was written._\n");
        }
    }

    private static string Label(NodeKind kind) => kind == NodeKind.LegionNative ? "native host" : kind == NodeKind.LegionJit ? "JIT host" : "uWSGI";

    private static string Pair(Samples samples, string format, string unit) =>
        $"{samples.Median.ToString(format, CultureInfo.InvariantCulture)} / {samples.Percentile(100).ToString(format, CultureInfo.InvariantCulture)} {unit}";

    private static string Ratio(double ours, double theirs) =>
        theirs > 0 && !double.IsNaN(ours) ? (ours / theirs).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "";
}
