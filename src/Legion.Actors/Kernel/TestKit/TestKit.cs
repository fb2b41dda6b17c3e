using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Kernel.TestKit;

/// <summary>
/// A base class for actor tests (as Akka.NET's <c>TestKit</c>), with no test-framework dependency: failed
/// expectations throw <see cref="TestKitAssertionException"/>. By default it runs in virtual time: one
/// <see cref="VirtualTimeProvider"/> and one seeded <see cref="DeterministicDispatcher"/>, so a test never sleeps
/// and replays exactly; with <c>virtualTime: false</c> it uses the system clock and one
/// <see cref="DedicatedThreadDispatcher"/> (thread <c>legion-testkit</c>), as a <c>LegionNode</c> runs by default, so a
/// real-time test does not wait on a thread pool that other tests keep busy. The Expect
/// methods act on the default probe, <see cref="TestActor"/>; see <see cref="TestProbe"/> for their semantics.
/// Use from one test thread.
/// </summary>
public class TestKit : IDisposable
{
    private readonly DeterministicDispatcher? dispatcher;
    private readonly DedicatedThreadDispatcher? realTimeDispatcher;
    private readonly TestProbe testProbe;
    private int probeCount;

    /// <summary>Creates the actor system <c>test</c> and the default probe.</summary>
    /// <param name="virtualTime">True (default) for virtual time and deterministic dispatch; false for real time and a dedicated thread.</param>
    /// <param name="seed">The dispatcher's seed in virtual mode; the same seed replays the same interleaving.</param>
    /// <param name="loggerFactory">Receives the system's logs; default none.</param>
    public TestKit(bool virtualTime = true, int seed = 0, ILoggerFactory? loggerFactory = null)
    {
        var settings = new ActorSystemSettings { LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance };
        if (virtualTime)
        {
            Clock = new VirtualTimeProvider();
            dispatcher = new DeterministicDispatcher(seed);
            settings = settings with { TimeProvider = Clock, Dispatcher = dispatcher };
        }
        else
        {
            realTimeDispatcher = new DedicatedThreadDispatcher("legion-testkit");
            settings = settings with { TimeProvider = realTimeDispatcher.Clock, Dispatcher = realTimeDispatcher };
        }

        Sys = ActorSystem.Create("test", settings);
        testProbe = CreateTestProbe("testActor");
    }

    /// <summary>The system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The virtual clock, or null in real-time mode.</summary>
    public VirtualTimeProvider? Clock { get; }

    /// <summary>The deterministic dispatcher, or null in real-time mode.</summary>
    public DeterministicDispatcher? Dispatcher => dispatcher;

    /// <summary>The system's current time.</summary>
    public DateTimeOffset Now => Sys.TimeProvider.GetUtcNow();

    /// <summary>The default probe's ref: pass it as a sender or a subscriber, then expect on this kit.</summary>
    public IActorRef TestActor => testProbe.Ref;

    /// <summary>The sender of the last message the default probe received.</summary>
    public IActorRef LastSender => testProbe.LastSender;

    /// <summary>Creates another probe, a top-level actor.</summary>
    /// <param name="name">Its actor name; default <c>testProbe-1</c>, <c>testProbe-2</c>, ...</param>
    /// <returns>The probe.</returns>
    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, name ?? $"testProbe-{++probeCount}", dispatcher, Clock);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(TimeSpan?)"/>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => testProbe.ExpectMsg<T>(timeout);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(Predicate{T}, TimeSpan?)"/>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => testProbe.ExpectMsg(predicate, timeout);

    /// <inheritdoc cref="TestProbe.ExpectNoMsg"/>
    public void ExpectNoMsg(TimeSpan duration) => testProbe.ExpectNoMsg(duration);

    /// <inheritdoc cref="TestProbe.FishForMessage{T}"/>
    public T FishForMessage<T>(Predicate<T> isTheOne, TimeSpan? timeout = null) => testProbe.FishForMessage(isTheOne, timeout);

    /// <inheritdoc cref="TestProbe.ReceiveN"/>
    public IReadOnlyList<object> ReceiveN(int n, TimeSpan? timeout = null) => testProbe.ReceiveN(n, timeout);

    /// <inheritdoc cref="TestProbe.ReceiveWhile"/>
    public IReadOnlyList<object> ReceiveWhile(TimeSpan duration) => testProbe.ReceiveWhile(duration);

    /// <inheritdoc cref="TestProbe.Watch"/>
    public void Watch(IActorRef actor) => testProbe.Watch(actor);

    /// <summary>Moves virtual time forward, firing timers one by one and running the actors after each.</summary>
    /// <param name="by">Zero or more.</param>
    /// <exception cref="InvalidOperationException">The kit runs in real time.</exception>
    public void Advance(TimeSpan by)
    {
        if (dispatcher is null)
        {
            throw new InvalidOperationException("Advance needs virtual time: create the TestKit with virtualTime: true.");
        }

        dispatcher.AdvanceAndRun(Clock!, by);
    }

    /// <summary>Processes every queued message without moving time; does nothing in real-time mode (the dedicated thread runs them).</summary>
    public void RunUntilIdle() => dispatcher?.RunUntilIdle();

    /// <summary>Terminates the system (in real-time mode waiting up to 10 s for it).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Terminates the system when <paramref name="disposing"/>.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        var terminated = Sys.Terminate();
        if (dispatcher is not null)
        {
            dispatcher.RunUntilIdle();
        }
        else
        {
            terminated.Wait(TimeSpan.FromSeconds(10));
            realTimeDispatcher?.Dispose();
        }
    }
}
