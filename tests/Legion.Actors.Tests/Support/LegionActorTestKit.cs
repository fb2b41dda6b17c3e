using Akka.Actor;
using Akka.TestKit;
using Legion.Actors.Runtime;
using Legion.Actors.Simulation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// Akka.TestKit.Xunit2's <see cref="Akka.TestKit.Xunit2.TestKit"/> over a system made by
/// <see cref="LegionActorSystem.Create"/>. With virtual time (the default) the legion's actors run on a
/// <see cref="DeterministicDispatcher"/> and a <see cref="VirtualTimeProvider"/> drives the scheduler: nothing runs until
/// the test waits, and a wait (<see cref="ExpectMsg{T}(TimeSpan?)"/>, <see cref="ReceiveWhile"/>,
/// <see cref="Advance"/>, ...) runs the actors and moves virtual time up to its timeout, so a test of a 15 s tolerance
/// takes milliseconds and replays exactly. In real time the actors run on a <see cref="DedicatedThreadRunner"/> and the
/// waits are Akka.TestKit's own.
/// </summary>
public abstract class LegionActorTestKit : Akka.TestKit.Xunit2.TestKit
{
    private readonly DedicatedThreadRunner? _realTime;

    protected LegionActorTestKit(bool virtualTime = true, int seed = 0, ILoggerFactory? loggerFactory = null, ITestOutputHelper? output = null)
        : this(Create(virtualTime, seed, loggerFactory), output)
    {
    }

    private LegionActorTestKit((ActorSystem System, VirtualTimeProvider? Clock, DeterministicDispatcher? Dispatcher, DedicatedThreadRunner? RealTime) made, ITestOutputHelper? output)
        : base(made.System, output)
    {
        Clock = made.Clock;
        Dispatcher = made.Dispatcher;
        _realTime = made.RealTime;
    }

    /// <summary>The virtual clock; null in real time.</summary>
    public VirtualTimeProvider? Clock { get; }

    /// <summary>The seeded schedule of the legion's actors; null in real time.</summary>
    public DeterministicDispatcher? Dispatcher { get; }

    /// <summary>The legion actors' clock's time.</summary>
    public new DateTimeOffset Now => LegionRuntime.Get(Sys).Clock.GetUtcNow();

    /// <summary>Runs the actors and moves virtual time forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by)
    {
        if (Dispatcher is null)
        {
            throw new InvalidOperationException("Advance needs virtual time.");
        }

        Dispatcher.AdvanceAndRun(Clock!, by);
    }

    /// <summary>
    /// Stops <paramref name="actor"/> by sending the stop straight to its mailbox: <c>Sys.Stop</c> of a top-level actor
    /// goes through the user guardian, on the thread pool, at a moment virtual time does not decide.
    /// </summary>
    public static void StopNow(IActorRef actor) => ((IInternalActorRef)actor).Stop();

    /// <summary>Runs whatever is ready, without moving time.</summary>
    public void RunUntilIdle() => Dispatcher?.RunUntilIdle();

    /// <summary>A probe whose waits run the actors in virtual time as this kit's do.</summary>
    public VirtualProbe CreateVirtualProbe(string? name = null) => new(CreateTestProbe(name), this);

    /// <summary>Expects a <typeparamref name="T"/> as the next message of the test actor within <paramref name="timeout"/> (default 3 s).</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(static _ => true, timeout);

    /// <summary>Expects a <typeparamref name="T"/> matching <paramref name="predicate"/> as the next message.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => Expect(this, predicate, timeout);

    /// <summary>Expects no message for <paramref name="duration"/>.</summary>
    public void ExpectNoMsg(TimeSpan duration) => ExpectNothing(this, duration);

    /// <summary>Skips messages until one of type <typeparamref name="T"/> matches.</summary>
    public T FishForMessage<T>(Predicate<T> isTheOne, TimeSpan? timeout = null) => Fish(this, isTheOne, timeout);

    /// <summary>Every message that arrives within <paramref name="duration"/>.</summary>
    public IReadOnlyList<object> ReceiveWhile(TimeSpan duration) => Collect(this, duration);

    internal T Expect<T>(TestKitBase probe, Predicate<T> predicate, TimeSpan? timeout)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(3);
        if (!TryReceive(probe, Deadline(wait), out var message))
        {
            throw new Xunit.Sdk.XunitException($"no message of type {typeof(T).Name} within {wait}");
        }

        if (message is not T typed)
        {
            throw new Xunit.Sdk.XunitException($"expected a message of type {typeof(T).Name} but received {message.GetType().Name} {message}");
        }

        return predicate(typed) ? typed : throw new Xunit.Sdk.XunitException($"the message {message} does not match the predicate");
    }

    internal void ExpectNothing(TestKitBase probe, TimeSpan duration)
    {
        if (TryReceive(probe, Deadline(duration), out var message))
        {
            throw new Xunit.Sdk.XunitException($"expected no message for {duration} but received {message.GetType().Name} {message}");
        }
    }

    internal T Fish<T>(TestKitBase probe, Predicate<T> isTheOne, TimeSpan? timeout)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(3);
        var deadline = Deadline(wait);
        while (TryReceive(probe, deadline, out var message))
        {
            if (message is T typed && isTheOne(typed))
            {
                return typed;
            }
        }

        throw new Xunit.Sdk.XunitException($"no matching message of type {typeof(T).Name} within {wait}");
    }

    internal IReadOnlyList<object> Collect(TestKitBase probe, TimeSpan duration)
    {
        var deadline = Deadline(duration);
        var received = new List<object>();
        while (TryReceive(probe, deadline, out var message))
        {
            received.Add(message);
        }

        return received;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Dispatcher is not null)
        {
            // The legion's actors stop only while the schedule runs: drive it until the system has terminated (bounded),
            // or Akka.TestKit would wait its whole shutdown timeout for them.
            Dispatcher.Terminate(Sys, TimeSpan.FromSeconds(10));
        }

        base.Dispose(disposing);
        _realTime?.Dispose();
    }

    private static (ActorSystem, VirtualTimeProvider?, DeterministicDispatcher?, DedicatedThreadRunner?) Create(bool virtualTime, int seed, ILoggerFactory? loggerFactory)
    {
        var logs = loggerFactory ?? NullLoggerFactory.Instance;
        if (virtualTime)
        {
            var clock = new VirtualTimeProvider();
            var dispatcher = new DeterministicDispatcher(seed);
            var system = LegionActorSystem.Create("test", new LegionRuntimeSetup { Clock = clock, Runner = dispatcher.CreateRunner(), LoggerFactory = logs }, DeterministicDispatcher.Config);
            return (system, clock, dispatcher, null);
        }

        var runner = new DedicatedThreadRunner("legion-testkit");
        return (LegionActorSystem.Create("test", new LegionRuntimeSetup { Clock = runner.Clock, Runner = runner, LoggerFactory = logs }), null, null, runner);
    }

    private DateTimeOffset Deadline(TimeSpan wait) => Now + wait;

    private bool TryReceive(TestKitBase probe, DateTimeOffset deadline, out object message)
    {
        if (Dispatcher is not null)
        {
            Dispatcher.RunUntil(Clock!, deadline, () => probe.HasMessages);
            if (!probe.HasMessages)
            {
                message = null!;
                return false;
            }

            message = probe.ReceiveOne(TimeSpan.Zero)!;
            return message is not null;
        }

        var remaining = deadline - Now;
        message = probe.ReceiveOne(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero)!;
        return message is not null;
    }
}
