using Akka.Actor;

namespace Legion.Actors.Runtime;

/// <summary>
/// Subscribes a plain callback to a system's EventStream: for code outside any actor (the hosting API, a simulation,
/// a test) that wants every message of a type published, as it is published.
/// </summary>
internal static class EventStreamCallbacks
{
    /// <summary>
    /// Calls <paramref name="handler"/> for every message of type <typeparamref name="T"/> published on
    /// <paramref name="system"/>'s EventStream, synchronously on the publishing thread (an actor's: keep it short and
    /// never block). An exception thrown by the handler propagates into the publishing actor.
    /// </summary>
    /// <typeparam name="T">The message type, or a base type of several.</typeparam>
    /// <param name="system">The system.</param>
    /// <param name="handler">The callback.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    public static IDisposable Subscribe<T>(this ActorSystem system, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(handler);
        var provider = ((ExtendedActorSystem)system).Provider;
        var subscriber = new CallbackRef<T>(provider, provider.TempPath(), handler);
        var runtime = LegionRuntime.Get(system);
        runtime.CountCallback(typeof(T), 1);
        system.EventStream.Subscribe(subscriber, typeof(T));
        return new Subscription(system.EventStream, subscriber, () => runtime.CountCallback(typeof(T), -1));
    }

    private sealed class CallbackRef<T>(IActorRefProvider provider, ActorPath path, Action<T> handler) : MinimalActorRef
    {
        public override ActorPath Path { get; } = path;

        public override IActorRefProvider Provider { get; } = provider;

        protected override void TellInternal(object message, IActorRef sender)
        {
            if (message is T typed)
            {
                handler(typed);
            }
        }
    }

    private sealed class Subscription(Akka.Event.EventStream stream, IActorRef subscriber, Action uncount) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                stream.Unsubscribe(subscriber);
                uncount();
            }
        }
    }
}
