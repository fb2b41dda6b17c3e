using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Akka.Actor;
using Legion.Actors.Actors;
using Legion.Actors.Runtime;
using Legion.Actors.Protocol;

namespace Legion.Actors.Hosting;

/// <summary>
/// The <c>Legion</c> meter (System.Diagnostics.Metrics), published by a <see cref="LegionRegistry"/> for its node.
/// Every instrument carries the tag <c>legion</c>. Export it with OpenTelemetry (<c>AddMeter(LegionMetrics.MeterName)</c>)
/// or read it with <c>dotnet-counters monitor --counters Legion</c>. Thread-safe.
/// </summary>
/// <remarks>
/// Instruments: <c>legion.lord.changes</c> (counter: the Lord this node sees changed, a first election included),
/// <c>legion.lord</c> (gauge: 1 while this node is Lord), <c>legion.members</c> (gauge: members in the table, this
/// node excluded), <c>legion.votes</c>, <c>legion.quorum</c> and <c>legion.skewed_peers</c> (gauges), <c>legion.has_quorum</c> (gauge, 0/1),
/// <c>legion.datagrams.received</c>, <c>legion.datagrams.sent</c>, <c>legion.datagrams.send_errors</c> and
/// <c>legion.datagrams.dropped</c> (counters; dropped tagged <c>reason</c>, e.g. <c>bad_padding</c>, read from
/// the transport at most every <see cref="TransportRefresh"/>), <c>legion.actions.runs</c> (counter tagged
/// <c>event</c>, <c>kind</c>, <c>outcome</c> = <c>succeeded</c>, <c>failed</c>, <c>timed_out</c>),
/// <c>legion.actions.failures</c> (counter), <c>legion.actions.duration</c> (histogram, seconds) and
/// <c>legion.election.duration</c> (histogram, seconds: from start, or from losing the Lord, until this node sees
/// a Lord again), <c>legion.valor</c> (gauge: the valor this node announces, health penalties and step-down included)
/// and <c>legion.health.failing</c> (gauge: <c>legion-health</c> checks failing now).
/// </remarks>
public sealed class LegionMetrics : IDisposable
{
    /// <summary>The meter's name: <c>Legion</c>.</summary>
    public const string MeterName = "Legion";

    /// <summary>How often datagram counters are read from the transports while someone listens: 5 s.</summary>
    public static readonly TimeSpan TransportRefresh = TimeSpan.FromSeconds(5);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly TimeProvider _time;
    private readonly Counter<long> _lordChanges;
    private readonly Counter<long> _actionRuns;
    private readonly Counter<long> _actionFailures;
    private readonly Histogram<double> _actionDuration;
    private readonly Histogram<double> _electionDuration;
    private readonly ObservableCounter<long> _received;
    private readonly ConcurrentDictionary<string, LegionSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TransportStats> _transport = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _leaderlessSince = new(StringComparer.Ordinal);
    private Func<string, CancellationToken, Task<LegionStatus>>? _status;
    private ITimer? _refresh;

    /// <summary>Creates the instruments.</summary>
    /// <param name="timeProvider">Clock for the election duration; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="meterFactory">Creates the meter (dependency injection's <see cref="IMeterFactory"/>); null for a meter of its own, disposed with this object.</param>
    public LegionMetrics(TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _lordChanges = _meter.CreateCounter<long>("legion.lord.changes", "{change}", "Times the Lord this node sees changed, a first election included");
        _actionRuns = _meter.CreateCounter<long>("legion.actions.runs", "{run}", "Actions run for legion events");
        _actionFailures = _meter.CreateCounter<long>("legion.actions.failures", "{run}", "Actions that failed or timed out");
        _actionDuration = _meter.CreateHistogram<double>("legion.actions.duration", "s", "How long each action ran");
        _electionDuration = _meter.CreateHistogram<double>("legion.election.duration", "s", "From start or from losing the Lord until this node sees a Lord again");
        _meter.CreateObservableGauge("legion.lord", () => Each(s => s.IsLord ? 1 : 0), "{bool}", "1 while this node is the Lord");
        _meter.CreateObservableGauge("legion.members", () => Each(s => s.Members.Count), "{member}", "Members in the table, this node excluded");
        _meter.CreateObservableGauge("legion.votes", () => Each(s => s.Votes), "{vote}", "Votes counted in the last round");
        _meter.CreateObservableGauge("legion.quorum", () => Each(s => s.Quorum), "{vote}", "Votes needed to elect a Lord");
        _meter.CreateObservableGauge("legion.valor", () => EachLong(s => (long)(s.Self?.Valor ?? 0)), "{valor}", "The valor this node announces (health penalties and step-down included)");
        _meter.CreateObservableGauge("legion.health.failing", () => Each(s => s.Health.Count(h => h.IsFailing)), "{check}", "Health checks (legion-health) failing now");
        _meter.CreateObservableGauge("legion.skewed_peers", () => Each(s => s.SkewedPeers), "{node}", "Peers heard only through announces dropped for clock skew");
        _meter.CreateObservableGauge("legion.has_quorum", () => Each(s => s.HasQuorum ? 1 : 0), "{bool}", "1 when the last round was quorate");
        _received = _meter.CreateObservableCounter("legion.datagrams.received", () => Transport(t => t.Received), "{datagram}", "Datagrams received, accepted or not");
        _meter.CreateObservableCounter("legion.datagrams.sent", () => Transport(t => t.Sent), "{datagram}", "Datagrams sent, one per node per announce");
        _meter.CreateObservableCounter("legion.datagrams.send_errors", () => Transport(t => t.SendErrors), "{datagram}", "Sends the socket refused");
        _meter.CreateObservableCounter("legion.datagrams.dropped", Dropped, "{datagram}", "Datagrams dropped, by reason");
    }

    /// <summary>Starts reading datagram counters through <paramref name="status"/> (every <see cref="TransportRefresh"/>, only while the counters are listened to).</summary>
    /// <param name="status">Asks a legion's status.</param>
    internal void Track(Func<string, CancellationToken, Task<LegionStatus>> status)
    {
        _status = status;
        _refresh?.Dispose();
        _refresh = _time.CreateTimer(_ => _ = RefreshTransport(), null, TimeSpan.Zero, TransportRefresh);
    }

    /// <summary>Stops reading datagram counters.</summary>
    internal void Untrack()
    {
        _refresh?.Dispose();
        _refresh = null;
        _status = null;
    }

    /// <summary>The node started (or restarted) a legion: an election is under way.</summary>
    internal void Started(string legion) => _leaderlessSince[legion] = _time.GetTimestamp();

    /// <summary>Records a change of snapshot.</summary>
    internal void Observe(LegionSnapshot before, LegionSnapshot after)
    {
        _snapshots[after.Legion] = after;
        var tag = new KeyValuePair<string, object?>("legion", after.Legion);
        if (after.Lord?.Uuid != before.Lord?.Uuid || after.Lord?.Valor != before.Lord?.Valor)
        {
            if (after.Lord is not null)
            {
                _lordChanges.Add(1, tag);
                if (_leaderlessSince.TryRemove(after.Legion, out var since))
                {
                    _electionDuration.Record(_time.GetElapsedTime(since).TotalSeconds, tag);
                }
            }
            else
            {
                _leaderlessSince.TryAdd(after.Legion, _time.GetTimestamp());
            }
        }
        if (!after.IsRunning)
        {
            _snapshots.TryRemove(after.Legion, out _);
            _transport.TryRemove(after.Legion, out _);
            _leaderlessSince.TryRemove(after.Legion, out _);
        }
    }

    /// <summary>Records an action's result.</summary>
    internal void Observe(LegionActionCompleted action)
    {
        var kind = action.Action.Split(':', 2)[0];
        var outcome = action.Result.Succeeded ? "succeeded" : action.Result.TimedOut ? "timed_out" : "failed";
        var phase = action.Event.ToString().ToLowerInvariant();
        _actionRuns.Add(1, new("legion", action.Legion), new("event", phase), new("kind", kind), new("outcome", outcome));
        if (!action.Result.Succeeded)
        {
            _actionFailures.Add(1, new("legion", action.Legion), new("event", phase), new("kind", kind));
        }
        _actionDuration.Record(action.Elapsed.TotalSeconds, new("legion", action.Legion), new("event", phase), new("kind", kind));
    }

    /// <summary>Stops the refresh and disposes the meter if this object created it.</summary>
    public void Dispose()
    {
        Untrack();
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private async Task RefreshTransport()
    {
        if (_status is not { } status || !_received.Enabled)
        {
            return;
        }
        foreach (var legion in _snapshots.Keys)
        {
            try
            {
                if ((await status(legion, CancellationToken.None).ConfigureAwait(false)).Transport is { } transport)
                {
                    _transport[legion] = transport;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException or AskTimeoutException or KeyNotFoundException)
            {
                // Stopping or busy: the counters stay as last read.
            }
        }
    }

    private IEnumerable<Measurement<int>> Each(Func<LegionSnapshot, int> value) =>
        _snapshots.Values.Select(s => new Measurement<int>(value(s), new KeyValuePair<string, object?>("legion", s.Legion)));

    private IEnumerable<Measurement<long>> EachLong(Func<LegionSnapshot, long> value) =>
        _snapshots.Values.Select(s => new Measurement<long>(value(s), new KeyValuePair<string, object?>("legion", s.Legion)));

    private IEnumerable<Measurement<long>> Transport(Func<TransportStats, long> value) =>
        _transport.Select(t => new Measurement<long>(value(t.Value), new KeyValuePair<string, object?>("legion", t.Key)));

    private IEnumerable<Measurement<long>> Dropped() =>
        _transport.SelectMany(t => t.Value.Drops.Select(d => new Measurement<long>(d.Value,
            new KeyValuePair<string, object?>("legion", t.Key), new KeyValuePair<string, object?>("reason", SnakeCase(d.Key)))));

    internal static string SnakeCase(DropReason reason)
    {
        var name = reason.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLower(name[i], CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
