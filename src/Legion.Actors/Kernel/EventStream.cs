using Microsoft.Extensions.Logging;

namespace Legion.Actors.Kernel;

/// <summary>
/// The system's publish/subscribe bus (as Akka.NET's <c>EventStream</c>): dead letters, unhandled messages and
/// anything an actor publishes. A subscriber receives every published message assignable to its channel type
/// (so subscribing to a base type or interface receives all its subtypes). Thread-safe; a stopped actor is
/// unsubscribed automatically.
/// </summary>
public sealed class EventStream
{
    private readonly object gate = new();
    private readonly ILogger logger;
    private Subscription[] subscriptions = [];

    internal EventStream(ILogger logger) => this.logger = logger;

    /// <summary>Subscribes an actor: it is told (without sender) every published message assignable to <paramref name="channel"/>.</summary>
    /// <param name="subscriber">The actor.</param>
    /// <param name="channel">The message type to receive, including subtypes.</param>
    /// <returns>False if it was already subscribed to this channel.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (gate)
        {
            if (subscriptions.Any(s => s.Actor == subscriber && s.Channel == channel))
            {
                return false;
            }

            subscriptions = [.. subscriptions, new Subscription(this, channel, subscriber, null)];
            return true;
        }
    }

    /// <summary>
    /// Subscribes a plain .NET handler, for hosts and tests. The handler runs synchronously on the publisher's
    /// thread (possibly an actor's), so it must be quick and thread-safe; its exceptions are logged and ignored.
    /// </summary>
    /// <typeparam name="T">The message type to receive, including subtypes.</typeparam>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public IDisposable Subscribe<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, typeof(T), null, message => handler((T)message));
        lock (gate)
        {
            subscriptions = [.. subscriptions, subscription];
        }

        return subscription;
    }

    /// <summary>Unsubscribes an actor from one channel.</summary>
    /// <param name="subscriber">The actor.</param>
    /// <param name="channel">The channel it subscribed to.</param>
    /// <returns>False if it was not subscribed to it.</returns>
    public bool Unsubscribe(IActorRef subscriber, Type channel) => Remove(s => s.Actor == subscriber && s.Channel == channel);

    /// <summary>Unsubscribes an actor from every channel.</summary>
    /// <param name="subscriber">The actor.</param>
    /// <returns>False if it had no subscription.</returns>
    public bool Unsubscribe(IActorRef subscriber) => Remove(s => s.Actor == subscriber);

    /// <summary>
    /// True when a message of type <paramref name="channel"/> would reach at least one subscriber now: lets a publisher
    /// skip building a message nobody reads. Thread-safe; a subscription made concurrently may or may not count.
    /// </summary>
    /// <param name="channel">The message type to be published.</param>
    /// <exception cref="ArgumentNullException"><paramref name="channel"/> is null.</exception>
    public bool HasSubscribers(Type channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        foreach (var subscription in Volatile.Read(ref subscriptions))
        {
            if (subscription.Channel.IsAssignableFrom(channel))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Delivers <paramref name="message"/> to every matching subscriber, in subscription order.</summary>
    /// <param name="message">The message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public void Publish(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var subscription in Volatile.Read(ref subscriptions))
        {
            if (!subscription.Channel.IsInstanceOfType(message))
            {
                continue;
            }

            if (subscription.Actor is not null)
            {
                subscription.Actor.Tell(message);
                continue;
            }

            try
            {
                subscription.Handler!(message);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Event stream handler for {Channel} threw; ignored", subscription.Channel.Name);
            }
        }
    }

    private bool Remove(Func<Subscription, bool> match)
    {
        lock (gate)
        {
            var kept = subscriptions.Where(s => !match(s)).ToArray();
            var removed = kept.Length != subscriptions.Length;
            subscriptions = kept;
            return removed;
        }
    }

    private sealed class Subscription(EventStream owner, Type channel, IActorRef? actor, Action<object>? handler) : IDisposable
    {
        public Type Channel { get; } = channel;

        public IActorRef? Actor { get; } = actor;

        public Action<object>? Handler { get; } = handler;

        public void Dispose() => owner.Remove(s => s == this);
    }
}
