using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Fuzz;

/// <summary>
/// One fuzz run: sends <see cref="FuzzSettings.Count"/> hostile datagrams to the victim (the Lord of a
/// self-contained three-node legion, or an external node), watches that every node stays up, that the legion
/// keeps the same Lord, and the victim's memory, then writes a report. Invariants: no node exits, exactly one
/// Lord (the victim, since the same moment) at every check, and after the forged members expire the victim's
/// table holds its two real peers again.
/// </summary>
public sealed class FuzzRun
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(10);
    private readonly FuzzSettings _settings;
    private readonly TextWriter _log;
    private readonly List<string> _violations = [];
    private readonly Lock _gate = new();
    private readonly long[] _sentByKind = new long[HostileDatagramGenerator.Kinds.Count];
    private long _sent;
    private long _sendErrors;
    private long _maxResident;
    private int _maxMembers;
    private int _maxDocument;
    private long _lordChecks;
    private long _statsFailures;

    private FuzzRun(FuzzSettings settings, TextWriter log)
    {
        _settings = settings;
        _log = log;
    }

    /// <summary>Runs the fuzzer: sends, watches, writes the report to <see cref="FuzzSettings.Results"/> and returns the outcome.</summary>
    /// <param name="settings">What to send and to whom.</param>
    /// <param name="log">Progress lines and the report go there too.</param>
    /// <exception cref="InvalidOperationException">The self-contained legion could not be started or elected no Lord.</exception>
    public static Task<FuzzOutcome> RunAsync(FuzzSettings settings, TextWriter log) => new FuzzRun(settings, log).RunAsync();

    private async Task<FuzzOutcome> RunAsync()
    {
        var nodes = new List<FuzzNode>();
        try
        {
            IPEndPoint target;
            IPEndPoint[] targets;
            int? pid = _settings.Pid;
            IPEndPoint? victimStats = _settings.Stats;
            if (_settings.Target is { } external)
            {
                target = external;
                targets = [external];
            }
            else
            {
                nodes.AddRange(StartLegion());
                target = nodes[0].Legion;
                targets = _settings.AllNodes ? [.. nodes.Select(n => n.Legion)] : [target];
                pid = nodes[0].Pid;
                victimStats = nodes[0].Stats;
                await WaitForLordAsync(nodes).ConfigureAwait(false);
            }

            var before = victimStats is null ? null : await TryReadAsync(victimStats).ConfigureAwait(false);
            var memoryBefore = pid is { } p ? ProcessMemory.Read(p) : null;
            long? kernelBefore = KernelUdpDrops.Read(target.Port);
            long lordSince = nodes.Count > 0 ? before?.LordSince ?? 0 : 0;
            _log.WriteLine($"fuzzing {string.Join(", ", targets.Select(t => t.ToString()))} with {_settings.Count:N0} datagrams (seed {_settings.Seed}); victim pid {pid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, RSS {Mib(memoryBefore?.ResidentBytes)}");

            using var stop = new CancellationTokenSource();
            string victimUuid = before?.Uuid ?? "";
            var monitor = Task.Run(() => MonitorAsync(nodes, pid, victimStats, lordSince, victimUuid, stop.Token));
            var clock = Stopwatch.StartNew();
            await Task.Factory.StartNew(() => Send(targets), TaskCreationOptions.LongRunning).ConfigureAwait(false);
            var sendTime = clock.Elapsed;
            _log.WriteLine($"sent {_sent:N0} in {sendTime.TotalSeconds:0.0} s ({_sent / sendTime.TotalSeconds:N0}/s); waiting for the node to judge them");

            var drained = victimStats is null ? null : await WaitForDrainAsync(victimStats).ConfigureAwait(false);
            if (drained is not null)
            {
                Track(drained);
            }
            var judgeTime = clock.Elapsed;
            long? kernelAfter = KernelUdpDrops.Read(target.Port);
            var memoryAfterFlood = pid is { } p2 ? ProcessMemory.Read(p2) : null;

            // Forged members expire after the tolerance (3 s); give it two and a margin, then check the legion healed.
            NodeSnapshot? recovered = null;
            if (nodes.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(8)).ConfigureAwait(false);
                recovered = await TryReadAsync(nodes[0].Stats).ConfigureAwait(false);
                if (recovered is null || recovered.Members != nodes.Count - 1)
                {
                    Violation($"after the flood the victim's table should hold its {nodes.Count - 1} real peers again; it holds {recovered?.Members.ToString(CultureInfo.InvariantCulture) ?? "(no stats)"}");
                }
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await monitor.ConfigureAwait(false);
            var memoryEnd = pid is { } p3 ? ProcessMemory.Read(p3) : null;

            int? victimExit = null;
            if (nodes.Count > 0)
            {
                foreach (var node in nodes)
                {
                    if (!node.Stop(TimeSpan.FromSeconds(20)))
                    {
                        Violation($"node {node.Name} did not stop within 20 s of SIGTERM");
                    }
                }
                victimExit = nodes[0].HasExited ? nodes[0].ExitCode : null;
                if (victimExit != 0)
                {
                    Violation($"the victim exited with {victimExit?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} after SIGTERM, not 0");
                }
            }

            var report = Report(target, sendTime, judgeTime, before, drained, recovered, memoryBefore, memoryAfterFlood, memoryEnd,
                kernelBefore, kernelAfter, victimExit, nodes);
            _log.WriteLine(report);
            var directory = Path.GetDirectoryName(Path.GetFullPath(_settings.Results));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            await File.WriteAllTextAsync(_settings.Results, report).ConfigureAwait(false);
            _log.WriteLine($"report written to {_settings.Results}");
            return new FuzzOutcome(_violations.ToArray(), report);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    private List<FuzzNode> StartLegion()
    {
        string hostDll = Path.Combine(AppContext.BaseDirectory, "legion.dll");
        if (!File.Exists(hostDll))
        {
            throw new InvalidOperationException($"{hostDll} not found: build the solution first (./build.sh build)");
        }

        var legions = new[] { FreeUdp(), FreeUdp(), FreeUdp() };
        var stats = new[] { FreeTcp(), FreeTcp(), FreeTcp() };
        var names = new[] { "a", "b", "c" };
        var valors = new[] { 30, 20, 10 };
        var nodes = new List<FuzzNode>();
        for (int i = 0; i < 3; i++)
        {
            var args = new List<string>
            {
                "--legion", $"{_settings.Legion} {legions[i]} {valors[i]} {_settings.Cipher}:{_settings.Secret}",
                "--legion-freq", "1", "--legion-tolerance", "3", "--legion-quorum", $"{_settings.Legion} 2",
                "--stats", stats[i].ToString(),
            };
            foreach (var peer in legions.Where((_, j) => j != i))
            {
                args.AddRange(["--legion-node", $"{_settings.Legion} {peer}"]);
            }
            if (_settings.MaxMembers is { } max)
            {
                args.AddRange(["--legion-max-members", $"{_settings.Legion} {max}"]);
            }
            nodes.Add(FuzzNode.Start(hostDll, names[i], legions[i], stats[i], args));
        }
        return nodes;
    }

    private async Task WaitForLordAsync(List<FuzzNode> nodes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var views = await Task.WhenAll(nodes.Select(n => TryReadAsync(n.Stats))).ConfigureAwait(false);
            // Settled: a rules, the others do not, everyone lists everyone, and the others have already heard a
            // announce its lordship (the `lord` time the Lord checks compare against).
            if (views.All(v => v is not null) && views[0]!.LordSince != 0 && views.Skip(1).All(v => v!.LordSince == 0)
                && views.All(v => v!.Members == nodes.Count - 1)
                && views.Skip(1).All(v => v!.MemberLordSince.GetValueOrDefault(views[0]!.Uuid) == views[0]!.LordSince))
            {
                _log.WriteLine($"legion up: a (valor 30) is Lord since {views[0]!.LordSince}, pid {nodes[0].Pid}");
                return;
            }
            await Task.Delay(250).ConfigureAwait(false);
        }
        throw new InvalidOperationException("the legion did not elect node a within 60 s:\n" + string.Join('\n', nodes.SelectMany(n => n.Lines.Select(l => $"{n.Name}: {l}"))));
    }

    private void Send(IPEndPoint[] targets)
    {
        var cipher = LegionCipher.Create(_settings.Cipher, _settings.Secret, null);
        var generator = new HostileDatagramGenerator(_settings.Legion, cipher, _settings.Seed, () => DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _settings.Kinds);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SendBufferSize = 4 << 20;
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < _settings.Count; i++)
        {
            var datagram = generator.Next(out var kind);
            try
            {
                socket.SendTo(datagram, targets[i % targets.Length]);
                Interlocked.Increment(ref _sentByKind[(int)kind]);
            }
            catch (SocketException)
            {
                // ECONNREFUSED after an ICMP port unreachable, ENOBUFS under pressure: count it, keep going.
                Interlocked.Increment(ref _sendErrors);
            }
            Interlocked.Increment(ref _sent);
            if (_settings.Rate > 0 && i % 100 == 0)
            {
                var due = TimeSpan.FromSeconds((double)i / _settings.Rate);
                if (due > clock.Elapsed)
                {
                    Thread.Sleep(due - clock.Elapsed);
                }
            }
            if (i % 100_000 == 0 && i > 0)
            {
                _log.WriteLine($"  {i:N0} sent, {clock.Elapsed.TotalSeconds:0.0} s, victim RSS peak so far {Mib(Interlocked.Read(ref _maxResident))}");
            }
        }
    }

    private async Task MonitorAsync(List<FuzzNode> nodes, int? pid, IPEndPoint? victimStats, long lordSince, string victimUuid, CancellationToken stop)
    {
        var lastStats = DateTime.MinValue;
        var lastVictimStats = DateTime.MinValue;
        while (!stop.IsCancellationRequested)
        {
            foreach (var node in nodes.Where(n => n.HasExited))
            {
                Violation($"node {node.Name} (pid {node.Pid}) exited with code {node.ExitCode} during the run");
            }

            if (pid is { } p && ProcessMemory.Read(p) is { } memory)
            {
                InterlockedMax(ref _maxResident, memory.ResidentBytes);
            }

            if (DateTime.UtcNow - lastStats >= TimeSpan.FromSeconds(1))
            {
                lastStats = DateTime.UtcNow;
                if (nodes.Count > 0)
                {
                    await CheckPeersAsync(nodes, lordSince, victimUuid).ConfigureAwait(false);
                }
            }

            // The victim's own stats list every forged member (with its scroll): a heavy document, so read it
            // every 5 s only, as an operator's monitoring might, not every second.
            if (victimStats is not null && _settings.PollVictimSeconds > 0 && DateTime.UtcNow - lastVictimStats >= TimeSpan.FromSeconds(_settings.PollVictimSeconds))
            {
                lastVictimStats = DateTime.UtcNow;
                if (await TryReadAsync(victimStats).ConfigureAwait(false) is { } victim)
                {
                    Track(victim);
                    if (nodes.Count > 0 && victim.LordSince != lordSince)
                    {
                        Violation($"the victim's i_am_the_lord is {victim.LordSince} at {DateTime.UtcNow:HH:mm:ss.fff}, was {lordSince}");
                    }
                }
                else
                {
                    Interlocked.Increment(ref _statsFailures);
                }
            }

            try
            {
                await Task.Delay(250, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The peers' view: neither claims to be Lord, and each still hears the victim announce the same <c>lord</c>
    /// time (so the victim has ruled without a break, as far as the legion can tell).
    /// </summary>
    private async Task CheckPeersAsync(List<FuzzNode> nodes, long lordSince, string victimUuid)
    {
        var peers = nodes.Skip(1).ToList();
        var views = await Task.WhenAll(peers.Select(n => TryReadAsync(n.Stats))).ConfigureAwait(false);
        if (views.Any(v => v is null))
        {
            Interlocked.Increment(ref _statsFailures);
            return;
        }

        Interlocked.Increment(ref _lordChecks);
        for (int i = 0; i < peers.Count; i++)
        {
            var view = views[i]!;
            long heard = view.MemberLordSince.GetValueOrDefault(victimUuid, -1);
            if (view.LordSince != 0 || heard != lordSince)
            {
                Violation($"Lord check at {DateTime.UtcNow:HH:mm:ss.fff}: node {peers[i].Name} i_am_the_lord {view.LordSince}, hears a's lord {heard} (expected 0 and {lordSince})");
            }
        }
    }

    private void Track(NodeSnapshot victim)
    {
        lock (_gate)
        {
            _maxMembers = Math.Max(_maxMembers, victim.Members);
            _maxDocument = Math.Max(_maxDocument, victim.DocumentBytes);
        }
    }

    private async Task<NodeSnapshot?> WaitForDrainAsync(IPEndPoint stats)
    {
        NodeSnapshot? last = null;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000).ConfigureAwait(false);
            var now = await TryReadAsync(stats).ConfigureAwait(false);
            if (now is not null && last is not null && now.Received - last.Received < 50)
            {
                return now;
            }
            last = now ?? last;
        }
        Violation("the victim was still judging datagrams 120 s after the last was sent");
        return last;
    }

    private async Task<NodeSnapshot?> TryReadAsync(IPEndPoint stats)
    {
        using var timeout = new CancellationTokenSource(StatsTimeout);
        try
        {
            return await NodeSnapshot.ReadAsync(stats, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private void Violation(string what)
    {
        lock (_gate)
        {
            if (_violations.Count < 50 && !_violations.Contains(what))
            {
                _violations.Add(what);
                _log.WriteLine("VIOLATION: " + what);
            }
        }
    }

    private string Report(IPEndPoint target, TimeSpan sendTime, TimeSpan judgeTime, NodeSnapshot? before, NodeSnapshot? after, NodeSnapshot? recovered,
        ProcessMemory? memoryBefore, ProcessMemory? memoryAfterFlood, ProcessMemory? memoryEnd, long? kernelBefore, long? kernelAfter,
        int? victimExit, List<FuzzNode> nodes)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("# Hostile datagram fuzz run").AppendLine();
        md.AppendLine(inv, $"- date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}; machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        md.AppendLine(inv, $"- command: `legion-fuzz {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}`");
        if (_settings.AllNodes && nodes.Count > 0)
        {
            md.AppendLine("- sent to every node of the legion in turn (`--all-nodes`); the victim's figures are node a's");
        }
        md.AppendLine(inv, $"- victim: {(nodes.Count > 0 ? "node a, the Lord of a self-contained legion of three `legion` hosts on loopback (valors 30/20/10, freq 1 s, tolerance 3 s, quorum 2)" : target.ToString())}, {target}");
        md.AppendLine(inv, $"- seed {_settings.Seed}: the same seed sends the same datagrams").AppendLine();
        md.AppendLine("| figure | value |").AppendLine("|---|---|");
        md.AppendLine(inv, $"| datagrams sent | {_sent:N0} ({_sendErrors:N0} send errors) |");
        md.AppendLine(inv, $"| sending time, rate | {sendTime.TotalSeconds:0.0} s, {_sent / sendTime.TotalSeconds:N0} datagrams/s |");
        if (before is not null && after is not null)
        {
            long judged = after.Received - before.Received;
            md.AppendLine(inv, $"| judged by the victim (`datagrams_received`) | {judged:N0} in {judgeTime.TotalSeconds:0.0} s ({judged / judgeTime.TotalSeconds:N0}/s) |");
        }
        if (kernelBefore is { } kb && kernelAfter is { } ka)
        {
            md.AppendLine(inv, $"| lost in the kernel (socket buffer full, `/proc/net/udp` drops) | {ka - kb:N0} |");
        }
        md.AppendLine(inv, $"| victim RSS before | {Mib(memoryBefore?.ResidentBytes)} |");
        md.AppendLine(inv, $"| victim peak RSS (VmHWM) | {Mib(memoryEnd?.PeakResidentBytes ?? memoryAfterFlood?.PeakResidentBytes)} |");
        md.AppendLine(inv, $"| victim RSS after the flood / at the end | {Mib(memoryAfterFlood?.ResidentBytes)} / {Mib(memoryEnd?.ResidentBytes)} |");
        md.AppendLine(inv, $"| most members in the victim's table (when its stats were read) | {_maxMembers:N0} |");
        md.AppendLine(inv, $"| victim members after recovery | {recovered?.Members.ToString(inv) ?? "-"} |");
        md.AppendLine(inv, $"| largest stats document | {_maxDocument / 1024.0:N0} KiB |");
        md.AppendLine(inv, $"| Lord checks (peers every 1 s, victim {(_settings.PollVictimSeconds > 0 ? $"every {_settings.PollVictimSeconds} s" : "only before and after")}) | {_lordChecks:N0} peer rounds, {_statsFailures:N0} reads over {StatsTimeout.TotalSeconds:0} s or failed |");
        md.AppendLine(inv, $"| victim exit code after SIGTERM | {victimExit?.ToString(inv) ?? "-"} |");
        if (nodes.Count > 0)
        {
            var lines = nodes[0].Lines;
            int Level(string tag) => lines.Count(l => l.Contains($"[{tag}]", StringComparison.Ordinal));
            md.AppendLine(inv, $"| victim log lines: warnings, errors, fatal, exceptions | {Level("WRN"):N0}, {Level("ERR"):N0}, {Level("FTL"):N0}, {lines.Count(l => l.Contains("Exception", StringComparison.Ordinal)):N0} (of {lines.Count:N0} lines) |");
        }
        md.AppendLine(inv, $"| invariants | {(_violations.Count == 0 ? "all held" : $"{_violations.Count} broken")} |").AppendLine();

        if (before is not null && after is not null)
        {
            md.AppendLine("## Drops by reason (victim's counters, this run)").AppendLine().AppendLine("| reason | count |").AppendLine("|---|---|");
            foreach (var (reason, count) in after.Drops.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                md.AppendLine(inv, $"| {reason} | {count - before.Drops.GetValueOrDefault(reason):N0} |");
            }
            long dropped = after.Drops.Sum(d => d.Value) - before.Drops.Sum(d => d.Value);
            md.AppendLine(inv, $"| (accepted: judged minus dropped) | {after.Received - before.Received - dropped:N0} |").AppendLine();
        }

        md.AppendLine("## Datagrams sent by kind").AppendLine().AppendLine("| kind | sent |").AppendLine("|---|---|");
        foreach (var kind in HostileDatagramGenerator.Kinds)
        {
            md.AppendLine(inv, $"| {kind} | {_sentByKind[(int)kind]:N0} |");
        }
        md.AppendLine();

        if (_violations.Count > 0)
        {
            md.AppendLine("## Broken invariants").AppendLine();
            foreach (var violation in _violations)
            {
                md.AppendLine("- " + violation);
            }
            md.AppendLine();
        }

        if (nodes.Count > 0)
        {
            md.AppendLine("## Victim log (warnings and worse, first 40)").AppendLine().AppendLine("```");
            foreach (var line in nodes[0].Lines.Where(l => l.Contains("[WRN]", StringComparison.Ordinal) || l.Contains("[ERR]", StringComparison.Ordinal)
                || l.Contains("[FTL]", StringComparison.Ordinal) || l.Contains("Unhandled", StringComparison.Ordinal) || l.Contains("Lord", StringComparison.Ordinal)).Take(40))
            {
                md.AppendLine(line);
            }
            md.AppendLine("```");
        }
        return md.ToString();
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static string Mib(long? bytes) => bytes is { } b ? ProcessMemory.Format(b) : "-";

    private static IPEndPoint FreeUdp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private static IPEndPoint FreeTcp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }
}
