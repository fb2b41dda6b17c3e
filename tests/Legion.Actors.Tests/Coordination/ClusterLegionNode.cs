using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Model;
using Legion.Actors.Runtime;
using Legion.Actors.Coordination;
using Legion.Actors.Hosting;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Coordination;

/// <summary>
/// One member of a real Akka.Cluster on 127.0.0.1 that also runs a node of the legion <see cref="Legion"/> in the same
/// ActorSystem, and a ClusterSingletonManager whose singleton needs the legion lease (<c>use-lease = "legion.lease"</c>);
/// the split brain resolver is <c>lease-majority</c> on the same lease. Coordinated shutdown is not run by
/// <c>ActorSystem.Terminate</c> here, so <see cref="CrashAsync"/> takes the node away as a crash would (no cluster leave,
/// no death announce) and <see cref="LeaveAsync"/> is the graceful way out.
/// </summary>
internal sealed class ClusterLegionNode : IAsyncDisposable
{
    public const string Legion = "cluster";
    public const string SystemName = "lease";

    /// <summary>SBR's stable-after (and so the singleton's removal margin): shorter than Akka.NET's 20 s default, to keep the test short.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(3);

    /// <summary>Cluster Singleton's lease-retry-interval (Akka.NET's default is 5 s).</summary>
    public static readonly TimeSpan LeaseRetryInterval = TimeSpan.FromMilliseconds(200);

    private ClusterLegionNode(string name, ActorSystem system, LegionNode legion, ConcurrentQueue<(object Event, long At)> clusterEvents)
    {
        Name = name;
        System = system;
        LegionNode = legion;
        ClusterEvents = clusterEvents;
    }

    public string Name { get; }

    public ActorSystem System { get; }

    public LegionNode LegionNode { get; }

    public Address Address => Cluster.Get(System).SelfAddress;

    /// <summary>The cluster events this member saw (membership and reachability) and its legion's events, with <see cref="Stopwatch"/> timestamps.</summary>
    public ConcurrentQueue<(object Event, long At)> ClusterEvents { get; }

    public static string Config(int port) => $$"""
        akka {
          loglevel = INFO
          # Akka's own log (SBR, Cluster Singleton) into the test's output, through the legion runtime's logger factory.
          loggers = ["Legion.Actors.Runtime.AkkaLogBridge, Legion.Actors"]
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = 127.0.0.1, port = {{port}} }
          coordinated-shutdown.run-by-actor-system-terminate = off
          # Room for the legion's death actions (legion-action-timeout + 5 s), as LegionNode recommends.
          coordinated-shutdown.phases.before-actor-system-terminate.timeout = 65s
          cluster {
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver {
              active-strategy = lease-majority
              stable-after = {{(int)StableAfter.TotalMilliseconds}}ms
              lease-majority.lease-implementation = "legion.lease"
            }
            singleton {
              use-lease = "legion.lease"
              lease-retry-interval = {{(int)LeaseRetryInterval.TotalMilliseconds}}ms
            }
          }
        }
        legion.lease.legion = {{Legion}}
        """;

    /// <summary>
    /// Starts the ActorSystem on <paramref name="port"/>, the legion node (<paramref name="legionOptions"/>), the singleton
    /// manager, and joins the cluster through <paramref name="seed"/> (itself for the first member); returns once this
    /// member is Up.
    /// </summary>
    public static async Task<ClusterLegionNode> StartAsync(string name, int port, Address? seed, LegionOptions legionOptions, SingletonLog log, ITestOutputHelper output)
    {
        var loggers = new XunitLoggerFactory(output, name + " ");
        var system = ActorSystem.Create(SystemName, ActorSystemSetup.Create(
            BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(Config(port)).WithFallback(LegionLease.DefaultConfig())),
            new LegionRuntimeSetup { LoggerFactory = loggers }));
        try
        {
            var legion = await LegionExtension.Get(system).StartAsync(legionOptions,
                new LegionNodeOptions { HostName = name, LoggerFactory = loggers });
            var events = new ConcurrentQueue<(object Event, long At)>();
            // Legion events, on the same clock as the cluster's: when this node became Lord.
            system.Subscribe<LegionEventFired>(fired => events.Enqueue((fired, Stopwatch.GetTimestamp())));
            // Akka's info lines, e.g. the split brain resolver's "SBR acquired lease for decision".
            system.Subscribe<Akka.Event.Info>(info => events.Enqueue((info, Stopwatch.GetTimestamp())));
            var recorder = system.ActorOf(Props.Create(() => new Recorder(events)), "cluster-events");
            var cluster = Cluster.Get(system);
            cluster.Subscribe(recorder, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
            system.ActorOf(ClusterSingletonManager.Props(Props.Create(() => new SingletonLog.Singleton(log, name)), PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system)), "singleton-manager");
            using var joining = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await cluster.JoinAsync(seed ?? cluster.SelfAddress, joining.Token);
            return new ClusterLegionNode(name, system, legion, events);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>Gone as in a crash: the ActorSystem stops without leaving the cluster or the legion (no death announce).</summary>
    public Task CrashAsync() => System.Terminate();

    /// <summary>Leaves gracefully: coordinated shutdown (cluster leave and singleton hand-over, then the legion's death announce).</summary>
    public async Task LeaveAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        await System.WhenTerminated;
    }

    /// <summary>The first timestamp at which this member saw an event of type <typeparamref name="T"/> about <paramref name="member"/>; null if never.</summary>
    public long? Saw<T>(Address member) where T : class =>
        ClusterEvents.Where(e => e.Event is T && About(e.Event) == member).Select(e => (long?)e.At).FirstOrDefault();

    /// <summary>The first timestamp after <paramref name="since"/> at which this node's legion fired <c>lord</c>; null if never.</summary>
    public long? BecameLord(long since) =>
        ClusterEvents.Where(e => e.At >= since && e.Event is LegionEventFired { Event: LegionEvent.Lord }).Select(e => (long?)e.At).FirstOrDefault();

    /// <summary>The first timestamp at which Akka logged, at info level, a line containing <paramref name="text"/>; null if never.</summary>
    public long? Logged(string text) =>
        ClusterEvents.Where(e => e.Event is Akka.Event.Info i && i.Message?.ToString()?.Contains(text, StringComparison.Ordinal) == true)
            .Select(e => (long?)e.At).FirstOrDefault();

    private static Address? About(object clusterEvent) => clusterEvent switch
    {
        ClusterEvent.MemberStatusChange m => m.Member.Address,
        ClusterEvent.ReachabilityEvent r => r.Member.Address,
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        if (!System.WhenTerminated.IsCompleted)
        {
            await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).WaitAsync(TimeSpan.FromSeconds(30));
            await System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Options of a legion node on <paramref name="self"/> sending to every other address of <paramref name="all"/>.</summary>
    public static LegionOptions LegionOptions(IPEndPoint self, IEnumerable<IPEndPoint> all, ushort valor, TimeSpan frequency, TimeSpan tolerance) => new()
    {
        Frequency = frequency,
        Tolerance = tolerance,
        Legions =
        [
            new LegionDefinition
            {
                Name = Legion,
                Address = NodeAddress.Udp("127.0.0.1", self.Port),
                Valor = valor,
                Cipher = "aes-128-cbc",
                Secret = "s3cret",
                // A majority of the three .NET nodes: a node cut off alone never holds the lease.
                Quorum = 2,
                Nodes = all.Where(a => a.Port != self.Port).Select(a => NodeAddress.Udp("127.0.0.1", a.Port)).ToList(),
            },
        ],
    };

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<(object Event, long At)> events) => ReceiveAny(e => events.Enqueue((e, Stopwatch.GetTimestamp())));
    }
}
