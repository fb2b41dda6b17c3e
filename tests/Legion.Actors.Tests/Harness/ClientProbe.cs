using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// A client in its own lab host that connects to the VIP over TCP every 50 ms (the stats port every node
/// serves on all its addresses) and records who answered: the outage a client sees is the longest run
/// without an answer. Runs on one thread inside the client's namespace until disposed.
/// </summary>
internal sealed class ClientProbe : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _thread;
    private volatile bool _stopping;

    public ClientProbe(LabHost client, IPAddress vip)
    {
        var target = new IPEndPoint(vip, LabNode.StatsPort);
        _thread = NetNamespace.Start(client.Namespace, () =>
        {
            while (!_stopping)
            {
                var at = _clock.Elapsed;
                long? pid = null;
                try
                {
                    using var json = JsonDocument.Parse(LegionView.Fetch(target, Timeout));
                    pid = json.RootElement.GetProperty("pid").GetInt64();
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or JsonException or KeyNotFoundException)
                {
                    // No answer (refused, timed out, reset): a miss.
                }
                _samples.Enqueue(new Sample(at, pid));
                var wait = Period - (_clock.Elapsed - at);
                if (wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }
            }
        });
    }

    /// <summary>One attempt: when, and the pid that answered (null: no answer).</summary>
    public readonly record struct Sample(TimeSpan At, long? Pid);

    /// <summary>The probe's clock, to mark events (a kill) on the same time line as the samples.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<Sample> Samples => _samples.ToArray();

    /// <summary>The pid of the last answer, or null if the last attempt got none.</summary>
    public long? LastAnswer => _samples.LastOrDefault().Pid;

    /// <summary>
    /// The longest outage from <paramref name="from"/> on: the time between the last answer before a run of
    /// unanswered attempts and the first answer after it (so its resolution is the 50 ms period). Zero when no
    /// attempt went unanswered.
    /// </summary>
    public TimeSpan LongestOutageSince(TimeSpan from)
    {
        var samples = Samples;
        TimeSpan? lastAnswer = samples.LastOrDefault(s => s.At <= from && s.Pid is not null) is { Pid: not null } before ? before.At : null;
        bool missed = false;
        var longest = TimeSpan.Zero;
        foreach (var sample in samples.Where(s => s.At > from))
        {
            if (sample.Pid is null)
            {
                missed = true;
                continue;
            }
            if (missed && lastAnswer is { } last && sample.At - last > longest)
            {
                longest = sample.At - last;
            }
            lastAnswer = sample.At;
            missed = false;
        }
        return longest;
    }

    /// <summary>Attempts and answers since <paramref name="from"/>, for the log.</summary>
    public string Summary(TimeSpan from)
    {
        var since = Samples.Where(s => s.At >= from).ToList();
        var answeredBy = since.Where(s => s.Pid is not null).GroupBy(s => s.Pid).Select(g => $"pid {g.Key}: {g.Count()}");
        return $"{since.Count} attempts, {since.Count(s => s.Pid is null)} unanswered; answers by {string.Join(", ", answeredBy)}";
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
