using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;

namespace Legion.Actors.Tests.Coordination;

/// <summary>
/// Where the test's cluster singleton runs: every incarnation counts itself in (PreStart) and out (PostStop), so
/// <see cref="MaxRunning"/> is exact, not sampled: two at once anywhere in the process would make it 2.
/// </summary>
internal sealed class SingletonLog
{
    private readonly object _gate = new();
    private readonly ConcurrentQueue<(string Node, bool Started, long At)> _events = new();
    private int _running;
    private int _maxRunning;
    private string? _where;

    /// <summary>The most incarnations ever running at once.</summary>
    public int MaxRunning
    {
        get
        {
            lock (_gate)
            {
                return _maxRunning;
            }
        }
    }

    /// <summary>Incarnations running now.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>The node of the incarnation running now; null when none runs.</summary>
    public string? Where
    {
        get
        {
            lock (_gate)
            {
                return _where;
            }
        }
    }

    /// <summary>Every start and stop, with its <see cref="Stopwatch"/> timestamp.</summary>
    public IReadOnlyCollection<(string Node, bool Started, long At)> Events => _events;

    /// <summary>Starts after <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public IReadOnlyList<(string Node, bool Started, long At)> StartsSince(long since) => [.. _events.Where(e => e.Started && e.At >= since)];

    /// <summary>When the incarnation on <paramref name="node"/> stopped, first after <paramref name="since"/>; null if it has not.</summary>
    public long? StoppedAt(string node, long since) =>
        _events.Where(e => !e.Started && e.Node == node && e.At >= since).Select(e => (long?)e.At).FirstOrDefault();

    public void Started(string node)
    {
        lock (_gate)
        {
            _running++;
            _maxRunning = Math.Max(_maxRunning, _running);
            _where = node;
            _events.Enqueue((node, true, Stopwatch.GetTimestamp()));
        }
    }

    public void Stopped(string node)
    {
        lock (_gate)
        {
            _running--;
            if (_where == node)
            {
                _where = null;
            }
            _events.Enqueue((node, false, Stopwatch.GetTimestamp()));
        }
    }

    public string Describe() => string.Join("\n", _events.Select(e => $"  {e.At}: {e.Node} {(e.Started ? "started" : "stopped")}"));

    /// <summary>The singleton itself: does nothing but count itself in and out.</summary>
    public sealed class Singleton : ReceiveActor
    {
        private readonly SingletonLog _log;
        private readonly string _node;

        public Singleton(SingletonLog log, string node)
        {
            _log = log;
            _node = node;
            ReceiveAny(_ => { });
        }

        protected override void PreStart() => _log.Started(_node);

        protected override void PostStop() => _log.Stopped(_node);
    }
}
