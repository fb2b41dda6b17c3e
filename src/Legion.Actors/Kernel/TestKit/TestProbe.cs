using System.Collections.Concurrent;

namespace Legion.Actors.Kernel.TestKit;

/// <summary>
/// An actor whose received messages the test inspects (as Akka.NET's <c>TestProbe</c>). In virtual-time mode the
/// expectations never sleep: they run the <see cref="DeterministicDispatcher"/> until idle and, while no message
/// is there, advance the <see cref="VirtualTimeProvider"/> to the next timer due (never past the deadline). In
/// real-time mode they block on the probe's queue with a real timeout. Use a probe from one test thread.
/// </summary>
public sealed class TestProbe
{
    private readonly BlockingCollection<(object Message, IActorRef Sender)> queue = [];
    private readonly DeterministicDispatcher? dispatcher;
    private readonly VirtualTimeProvider? clock;
    private object? lastMessage;

    internal TestProbe(ActorSystem system, string name, DeterministicDispatcher? dispatcher, VirtualTimeProvider? clock)
    {
        this.dispatcher = dispatcher;
        this.clock = clock;
        Ref = system.ActorOf(Props.Create(() => new TestProbeActor(queue)), name);
    }

    /// <summary>The default expectation timeout: 3 seconds (virtual time in virtual mode).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(3);

    /// <summary>The probe's actor; tell it messages or pass it as a sender.</summary>
    public IActorRef Ref { get; }

    /// <summary>The sender of the last message received by an expectation; <see cref="ActorRefs.Nobody"/> before any.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    /// <summary>Expects the next message to be a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type (subtypes match).</typeparam>
    /// <param name="timeout">How long to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="TestKitAssertionException">No message in time, or the next one has another type.</exception>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(static _ => true, timeout);

    /// <summary>Expects the next message to be a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    /// <typeparam name="T">The expected type (subtypes match).</typeparam>
    /// <param name="predicate">What the message must satisfy.</param>
    /// <param name="timeout">How long to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="TestKitAssertionException">No message in time, or the next one does not match.</exception>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var wait = timeout ?? DefaultTimeout;
        if (!TryReceive(DeadlineAfter(wait), out var message))
        {
            throw new TestKitAssertionException($"{Ref.Path}: no message of type {typeof(T).Name} within {wait}.");
        }

        if (message is not T typed)
        {
            throw new TestKitAssertionException($"{Ref.Path}: expected a message of type {typeof(T).Name} but received {Describe(message)}.");
        }

        return predicate(typed)
            ? typed
            : throw new TestKitAssertionException($"{Ref.Path}: the message {Describe(message)} does not match the predicate.");
    }

    /// <summary>Expects no message during <paramref name="duration"/> (in virtual mode: advances the clock by all of it).</summary>
    /// <param name="duration">How long to wait.</param>
    /// <exception cref="TestKitAssertionException">A message arrived.</exception>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (TryReceive(DeadlineAfter(duration), out var message))
        {
            throw new TestKitAssertionException($"{Ref.Path}: expected no message for {duration} but received {Describe(message)}.");
        }
    }

    /// <summary>Receives messages until one is a <typeparamref name="T"/> matching <paramref name="isTheOne"/>; skips the others.</summary>
    /// <typeparam name="T">The wanted type.</typeparam>
    /// <param name="isTheOne">Identifies the wanted message.</param>
    /// <param name="timeout">Total time to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <returns>The wanted message.</returns>
    /// <exception cref="TestKitAssertionException">It did not arrive in time.</exception>
    public T FishForMessage<T>(Predicate<T> isTheOne, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isTheOne);
        var wait = timeout ?? DefaultTimeout;
        var deadline = DeadlineAfter(wait);
        while (TryReceive(deadline, out var message))
        {
            if (message is T typed && isTheOne(typed))
            {
                return typed;
            }
        }

        throw new TestKitAssertionException($"{Ref.Path}: no matching message of type {typeof(T).Name} within {wait}.");
    }

    /// <summary>Receives exactly <paramref name="n"/> messages of any type, in arrival order.</summary>
    /// <param name="n">How many.</param>
    /// <param name="timeout">Total time to wait; default <see cref="DefaultTimeout"/>.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="TestKitAssertionException">Fewer arrived in time.</exception>
    public IReadOnlyList<object> ReceiveN(int n, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        var deadline = DeadlineAfter(wait);
        var received = new List<object>(n);
        while (received.Count < n)
        {
            if (!TryReceive(deadline, out var message))
            {
                throw new TestKitAssertionException($"{Ref.Path}: received {received.Count} of {n} messages within {wait}.");
            }

            received.Add(message);
        }

        return received;
    }

    /// <summary>
    /// Receives every message that arrives within <paramref name="duration"/>, in arrival order; in virtual mode
    /// the clock ends exactly <paramref name="duration"/> later. <c>TimeSpan.Zero</c> drains what is ready now.
    /// </summary>
    /// <param name="duration">How long to collect.</param>
    /// <returns>The messages, possibly none.</returns>
    public IReadOnlyList<object> ReceiveWhile(TimeSpan duration)
    {
        var deadline = DeadlineAfter(duration);
        var received = new List<object>();
        while (TryReceive(deadline, out var message))
        {
            received.Add(message);
        }

        return received;
    }

    /// <summary>Makes the probe watch <paramref name="actor"/>: it will receive <see cref="Terminated"/> when it stops.</summary>
    /// <param name="actor">The actor to watch.</param>
    public void Watch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Ref.Tell(new ProbeWatch(actor));
        dispatcher?.RunUntilIdle();
    }

    /// <summary>Tells <paramref name="message"/> to <see cref="LastSender"/>, with the probe as sender.</summary>
    /// <param name="message">The reply.</param>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Tells a message to <paramref name="to"/> with <see cref="LastSender"/> as its sender.</summary>
    /// <param name="to">The new recipient.</param>
    /// <param name="message">The message; default: the last message received.</param>
    /// <exception cref="InvalidOperationException">No message was given and none was received yet.</exception>
    public void Forward(IActorRef to, object? message = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        to.Tell(message ?? lastMessage ?? throw new InvalidOperationException("Nothing received yet to forward."), LastSender);
    }

    private static string Describe(object message) => $"{message.GetType().Name} {message}";

    private DateTimeOffset DeadlineAfter(TimeSpan timeout) => (clock ?? TimeProvider.System).GetUtcNow() + timeout;

    private bool TryReceive(DateTimeOffset deadline, out object message)
    {
        (object Message, IActorRef Sender) item;
        if (dispatcher is not null)
        {
            var steps = 0;
            dispatcher.RunUntil(clock!, deadline, () => queue.Count > 0, ref steps);
            if (!queue.TryTake(out item))
            {
                message = null!;
                return false;
            }
        }
        else
        {
            var remaining = deadline - TimeProvider.System.GetUtcNow();
            if (!queue.TryTake(out item, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero))
            {
                message = null!;
                return false;
            }
        }

        (message, LastSender) = item;
        lastMessage = message;
        return true;
    }
}
