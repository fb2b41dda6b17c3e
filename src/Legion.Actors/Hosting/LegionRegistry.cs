using System.Collections;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Legion.Actors.Actors;
using Legion.Actors.Runtime;
using Legion.Actors.Configuration;

namespace Legion.Actors.Hosting;

/// <summary>
/// The <see cref="ILegionRegistry"/> of one node: one <see cref="ILegion"/> per configured legion, kept current
/// from the node's EventStream once <see cref="AttachAsync"/> is called, and the <see cref="LegionMetrics"/> of the
/// node. <c>AddLegion</c> creates and attaches one for you; without dependency injection:
/// <code>
/// await using var node = await LegionNode.StartAsync(options);
/// using var legions = new LegionRegistry(options);
/// await legions.AttachAsync(node);
/// await legions["web"].WaitForLordshipAsync();
/// </code>
/// Thread-safe.
/// </summary>
public sealed class LegionRegistry : ILegionRegistry, IDisposable
{
    private readonly Dictionary<string, LegionHandle> _legions;
    private readonly List<LegionHandle> _ordered;
    private readonly Broadcast<LegionEventFired> _events = new();
    private readonly object _gate = new();
    private List<IDisposable> _subscriptions = [];
    private LegionNode? _node;

    /// <summary>Creates the registry of the legions in <paramref name="options"/>; nothing runs until <see cref="AttachAsync"/>.</summary>
    /// <param name="options">The node's configuration (names and quorums are read from it).</param>
    /// <param name="timeProvider">Clock for metrics; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="meterFactory">Creates the <c>Legion</c> meter; null for a meter owned by this registry.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public LegionRegistry(LegionOptions options, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ordered = options.Legions.Select(l => new LegionHandle(l.Name, l.Quorum)).ToList();
        _legions = _ordered.ToDictionary(l => l.Name, StringComparer.Ordinal);
        Metrics = new LegionMetrics(timeProvider, meterFactory);
    }

    /// <inheritdoc />
    public event EventHandler<LegionEventFired>? EventFired;

    /// <summary>The node's metrics (the <c>Legion</c> meter).</summary>
    public LegionMetrics Metrics { get; }

    /// <inheritdoc />
    public int Count => _ordered.Count;

    /// <inheritdoc />
    public IObservable<LegionEventFired> Events => _events;

    /// <inheritdoc />
    public ILegion this[string legion] =>
        _legions.TryGetValue(legion, out var found) ? found : throw new KeyNotFoundException($"no legion '{legion}' is configured");

    /// <inheritdoc />
    public bool TryGet(string legion, out ILegion? found)
    {
        var ok = _legions.TryGetValue(legion, out var handle);
        found = handle;
        return ok;
    }

    /// <inheritdoc />
    public bool IAmTheLord(string legion) => _legions.TryGetValue(legion, out var handle) && handle.IsLord;

    /// <summary>
    /// Follows <paramref name="node"/>: subscribes to its events and reads each legion's status once, so that every
    /// <see cref="ILegion"/> is current when this returns.
    /// </summary>
    /// <param name="node">The running node; it must run the legions this registry was created with.</param>
    /// <param name="cancellationToken">Cancels the initial status reads.</param>
    /// <exception cref="InvalidOperationException">Already attached to a node.</exception>
    /// <exception cref="KeyNotFoundException">The node does not run one of the legions.</exception>
    public async Task AttachAsync(LegionNode node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_gate)
        {
            if (_node is not null)
            {
                throw new InvalidOperationException("this registry already follows a node");
            }
            _node = node;
        }
        _subscriptions =
        [
            node.System.Subscribe<LegionStatusChanged>(changed => OnStatus(changed.Status)),
            node.System.Subscribe<LegionEventFired>(OnEvent),
            node.System.Subscribe<LegionActionCompleted>(Metrics.Observe),
        ];
        foreach (var handle in _ordered)
        {
            Metrics.Started(handle.Name);
            handle.Attach(node);
        }
        foreach (var handle in _ordered)
        {
            OnStatus(await node.GetStatusAsync(handle.Name, cancellationToken).ConfigureAwait(false));
        }
        Metrics.Track(node.GetStatusAsync);
    }

    /// <summary>Stops following the node (call it after the node stopped): every legion reads as not running, nobody as Lord.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _node = null;
        }
        foreach (var subscription in Interlocked.Exchange(ref _subscriptions, []))
        {
            subscription.Dispose();
        }
        Metrics.Untrack();
        foreach (var handle in _ordered)
        {
            var before = handle.Snapshot;
            Metrics.Observe(before, handle.Detach());
        }
    }

    /// <inheritdoc />
    public IEnumerator<ILegion> GetEnumerator() => _ordered.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Detaches, completes every observable and disposes the metrics.</summary>
    public void Dispose()
    {
        Detach();
        foreach (var handle in _ordered)
        {
            handle.Complete();
        }
        _events.Complete();
        Metrics.Dispose();
    }

    private void OnStatus(LegionStatus status)
    {
        if (_legions.TryGetValue(status.Legion, out var handle))
        {
            var (before, after) = handle.OnStatus(status);
            Metrics.Observe(before, after);
        }
    }

    private void OnEvent(LegionEventFired fired)
    {
        if (!_legions.TryGetValue(fired.Legion, out var handle))
        {
            return;
        }
        handle.OnEvent(fired);
        try
        {
            EventFired?.Invoke(this, fired);
        }
        catch (Exception)
        {
            // A handler's bug must not break the actor that published the event.
        }
        _events.Publish(fired);
    }
}
