using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// The in-process signal bus of a node: <c>signal:N</c> actions raise <see cref="LegionSignal"/>s on it, and the
/// embedding application subscribes to the numbers it handles, as a uWSGI application registers signal handlers
/// (<c>uwsgi.register_signal</c>). The <c>legion</c> host, having no application, runs the actions configured with
/// <c>legion-signal-handler</c> instead. Thread-safe; handlers run synchronously on the raising thread (an action's
/// worker, never the heartbeat), so they should be short.
/// </summary>
public sealed class LegionSignalBus
{
    private ImmutableList<Subscription> _subscriptions = ImmutableList<Subscription>.Empty;

    /// <summary>Calls <paramref name="handler"/> for every signal <paramref name="number"/>.</summary>
    /// <param name="number">The signal, 0..255.</param>
    /// <param name="handler">Called on the raising thread; an exception it throws is logged, never propagated.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is not 0..255.</exception>
    public IDisposable Subscribe(int number, Action<LegionSignal> handler)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 255);
        return Add(new Subscription(this, number, handler ?? throw new ArgumentNullException(nameof(handler))));
    }

    /// <summary>Calls <paramref name="handler"/> for every signal.</summary>
    /// <param name="handler">Called on the raising thread; an exception it throws is logged, never propagated.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable Subscribe(Action<LegionSignal> handler) =>
        Add(new Subscription(this, null, handler ?? throw new ArgumentNullException(nameof(handler))));

    /// <summary>
    /// Delivers <paramref name="signal"/> to every matching subscriber, in subscription order. A subscriber that throws
    /// does not stop the others; its exception is logged to <paramref name="logger"/> (if any).
    /// </summary>
    /// <param name="signal">The signal.</param>
    /// <param name="logger">Where a subscriber's exception is logged; null to drop it.</param>
    /// <returns>How many subscribers it reached (0 when nobody handles it: uWSGI logs that too, and the action still succeeds).</returns>
    public int Raise(LegionSignal signal, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var reached = 0;
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Number is { } number && number != signal.Number)
            {
                continue;
            }

            reached++;
            try
            {
                subscription.Handler(signal);
            }
            catch (Exception ex)
            {
                logger?.LogError(ex, "Handler of signal {Signal} raised by legion {Legion} threw", signal.Number, signal.Legion);
            }
        }

        return reached;
    }

    private Subscription Add(Subscription subscription)
    {
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    private sealed class Subscription(LegionSignalBus bus, int? number, Action<LegionSignal> handler) : IDisposable
    {
        public int? Number { get; } = number;

        public Action<LegionSignal> Handler { get; } = handler;

        public void Dispose() => ImmutableInterlocked.Update(ref bus._subscriptions, list => list.Remove(this));
    }
}
