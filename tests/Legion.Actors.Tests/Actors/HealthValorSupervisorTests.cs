using System.Text.Json;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Actors.Tests.Health;

namespace Legion.Actors.Tests.Actors;

/// <summary>
/// Health-driven valor on a legion of two nodes in virtual time: a Lord whose check fails hands lordship over
/// without leaving a ghost, base valor, penalties and step-down combine as <see cref="HealthValor"/> says.
/// </summary>
public sealed class HealthValorSupervisorTests : LegionActorTestKit
{
    private const string Db = "db";
    private static readonly TimeSpan Freq = TimeSpan.FromSeconds(1);
    private readonly IActorRef _network;
    private readonly List<NodeAddress> _addresses = [];
    private readonly ScriptedHealthRunner _runner = new();
    private readonly List<LegionStatus> _statuses = [];

    public HealthValorSupervisorTests(Xunit.Abstractions.ITestOutputHelper output)
        : base(loggerFactory: new XunitLoggerFactory(output))
    {
        _network = Sys.ActorOfStarted(InMemoryNetwork.Props(), "network");
        Sys.EventStream.Subscribe(TestActor, typeof(LegionEventFired));
        Sys.Subscribe<LegionStatusChanged>(changed => _statuses.Add(changed.Status));
    }

    private LegionSettings Settings(string name, ushort valor, int uuid, int quorum = 0, params string[] checks)
    {
        var address = NodeAddress.Udp("10.0.0." + (_addresses.Count + 1), 4242);
        _addresses.Add(address);
        return new LegionSettings
        {
            Definition = new LegionDefinition
            {
                Name = "web", Address = address, Valor = valor, Cipher = "aes-128-cbc", Secret = "s3cret", Quorum = quorum,
                HealthChecks = checks.Select(c => LegionHealthCheckSpec.Parse(c)).ToArray(),
            },
            Self = new NodeIdentity(name, 100 + _addresses.Count, valor, Model.ModelFixtures.Uuid(uuid)),
            Cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null),
            Frequency = Freq,
            Tolerance = TimeSpan.FromSeconds(3),
            Actions = LegionActionRegistry.CreateDefault(),
            HealthRunner = _runner,
        };
    }

    private IActorRef[] Start(params LegionSettings[] nodes) =>
        nodes.Select(n =>
        {
            var wired = n with { Definition = n.Definition with { Nodes = _addresses.Where(a => a != n.Definition.Address).ToList() } };
            return Sys.ActorOfStarted(LegionSupervisor.Props(wired, InMemoryTransport.On(_network)), n.Self.Name);
        }).ToArray();

    /// <summary>a (valor 90, the given check on it) Lord over b (valor 50), settled.</summary>
    private IActorRef[] SettledPair(string check, int quorum = 0)
    {
        var nodes = Start(Settings("a", 90, 1, quorum, check), Settings("b", 50, 2, quorum));
        ExpectEvent("a", LegionEvent.Lord);
        Advance(TimeSpan.FromSeconds(3));
        ReceiveWhile(TimeSpan.Zero);
        return nodes;
    }

    private LegionEventFired ExpectEvent(string node, LegionEvent legionEvent, TimeSpan? within = null) =>
        FishForMessage<LegionEventFired>(e => e.Self.Name == node && e.Event == legionEvent, within ?? TimeSpan.FromSeconds(10));

    private LegionStatus Status(IActorRef node) => Await(node.Ask<LegionStatus>(GetLegionStatus.Instance));

    private ControlOutcome Control(IActorRef node, object request) => Await(node.Ask<ControlOutcome>(request));

    /// <summary>
    /// b never keeps a ghost of a: the new identity and the old one's death leave a in one turn (new first, see
    /// <see cref="Handover"/>), so b may hold both for the instant between the two datagrams, but at every moment
    /// of virtual time its table settles with a at most once, and the old valor is gone without waiting to expire.
    /// </summary>
    private void AssertBNeverHeldAGhost()
    {
        var ofB = _statuses.Where(s => s.Self.Name == "b").ToList();
        Assert.NotEmpty(ofB);
        Assert.All(ofB.GroupBy(s => s.At).Select(instant => instant.Last()), s => Assert.True(s.Membership.Members.Count(m => m.Name == "a") <= 1,
            $"b holds {string.Join(", ", s.Membership.Members.Select(m => m.Key))} at {s.At:O}"));
        Assert.Contains(ofB, s => s.Membership.Members.Any(m => m.Name == "a" && m.Valor != 90)); // a's valor did change
    }

    [Fact]
    public void A_Lord_whose_check_fails_hands_lordship_over_without_a_ghost_and_rules_again_once_healthy()
    {
        var nodes = SettledPair($"name={Db} interval=1s timeout=500ms penalty=60 cmd:check-db");

        _runner.Set(Db, ScriptedOutcome.Fail);
        var unlord = ExpectEvent("a", LegionEvent.Unlord);
        ExpectEvent("b", LegionEvent.Lord, TimeSpan.FromSeconds(3));
        Advance(TimeSpan.FromSeconds(5));

        var a = Status(nodes[0]);
        Assert.Equal((90UL, 30UL), (a.BaseValor, a.Self.Valor));
        Assert.Equal(90UL, unlord.Self.Valor); // the unlord ran under the old identity, before peers heard of the new one
        var failing = Assert.Single(a.Health);
        Assert.True(failing.IsFailing);
        Assert.Equal(HealthPenalty.Of(60), a.HealthPenalty);
        var member = Assert.Single(Status(nodes[1]).Membership.Members);
        Assert.Equal(new MemberKey(30, "a", a.Self.Uuid), member.Key);

        _runner.Set(Db, ScriptedOutcome.Pass);
        ExpectEvent("b", LegionEvent.Unlord);
        ExpectEvent("a", LegionEvent.Lord, TimeSpan.FromSeconds(3));
        Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(90UL, Status(nodes[0]).Self.Valor);
        Assert.Equal(new MemberKey(90, "a", a.Self.Uuid), Assert.Single(Status(nodes[1]).Membership.Members).Key);
        AssertBNeverHeldAGhost();
        Assert.DoesNotContain(ReceiveWhile(TimeSpan.Zero).OfType<LegionEventFired>(), e => e.Event == LegionEvent.NodeLeft);
    }

    [Fact]
    public void One_failed_run_never_moves_lordship()
    {
        SettledPair($"name={Db} interval=1s timeout=500ms penalty=60 fall=2 cmd:check-db");

        _runner.Set(Db, ScriptedOutcome.Fail);
        Advance(TimeSpan.FromSeconds(1));
        _runner.Set(Db, ScriptedOutcome.Pass);
        Advance(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(ReceiveWhile(TimeSpan.Zero).OfType<LegionEventFired>(), e => e.Event is LegionEvent.Lord or LegionEvent.Unlord);
    }

    [Fact]
    public void An_ineligible_node_becomes_an_arbiter_that_still_counts_for_quorum()
    {
        var nodes = SettledPair($"name={Db} interval=1s timeout=500ms ineligible cmd:check-db", quorum: 2);

        _runner.Set(Db, ScriptedOutcome.Fail);
        ExpectEvent("a", LegionEvent.Unlord);
        ExpectEvent("b", LegionEvent.Lord, TimeSpan.FromSeconds(3));
        Advance(TimeSpan.FromSeconds(3));

        var a = Status(nodes[0]);
        Assert.Equal((90UL, 0UL), (a.BaseValor, a.Self.Valor));
        Assert.True(a.HealthPenalty.Ineligible);
        var b = Status(nodes[1]);
        Assert.True(b.Election.IsLord);
        Assert.Equal(2, b.Election.Votes); // the arbiter's vote makes the quorum of 2
        Assert.True(Assert.Single(b.Membership.Members).IsArbiter);
        AssertBNeverHeldAGhost();
    }

    [Fact]
    public void Setting_the_valor_moves_the_base_and_failing_penalties_stay_on_top()
    {
        var nodes = SettledPair($"name={Db} interval=1s timeout=500ms penalty=60 cmd:check-db");
        _runner.Set(Db, ScriptedOutcome.Fail);
        ExpectEvent("b", LegionEvent.Lord);

        var outcome = Control(nodes[0], new ChangeValor(ValorRequest.Increase(20)));

        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal("valor changed from 90 to 110; with failing health checks: 110 - 60 (health) = 50", outcome.Message);
        Assert.Equal(50UL, outcome.Self.Valor);
        Assert.Equal((110UL, 50UL), (Status(nodes[0]).BaseValor, Status(nodes[0]).Self.Valor));

        _runner.Set(Db, ScriptedOutcome.Pass);
        ExpectEvent("a", LegionEvent.Lord);
        Assert.Equal(110UL, Status(nodes[0]).Self.Valor);
        AssertBNeverHeldAGhost();
    }

    [Fact]
    public void A_step_down_wins_over_health_and_ends_at_the_base_minus_the_penalties_failing_then()
    {
        var nodes = SettledPair($"name={Db} interval=1s timeout=500ms penalty=60 cmd:check-db");

        Assert.True(Control(nodes[0], new StepDown(TimeSpan.FromSeconds(10))).Accepted);
        ExpectEvent("b", LegionEvent.Lord);
        _runner.Set(Db, ScriptedOutcome.Fail);
        Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0UL, Status(nodes[0]).Self.Valor); // failing during the step-down: still 0

        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(30UL, Status(nodes[0]).Self.Valor); // over: 90 - 60, not the 90 it stepped down from
        Assert.True(Status(nodes[1]).Election.IsLord);

        _runner.Set(Db, ScriptedOutcome.Pass);
        ExpectEvent("a", LegionEvent.Lord);
        Assert.Equal(90UL, Status(nodes[0]).Self.Valor);
        AssertBNeverHeldAGhost();
    }

    [Fact]
    public void Operators_see_the_failing_check_and_the_base_valor_in_the_stats_document()
    {
        var nodes = SettledPair($"name={Db} interval=1s timeout=500ms penalty=60 cmd:check-db");
        _runner.Set(Db, ScriptedOutcome.Fail);
        ExpectEvent("b", LegionEvent.Lord);

        using var document = JsonDocument.Parse(UwsgiStatsJson.Write([Status(nodes[0])], 1, "test"));

        var legion = document.RootElement.GetProperty("legions")[0];
        Assert.Equal(30, legion.GetProperty("valor").GetInt32());
        Assert.Equal(90, legion.GetProperty("base_valor").GetInt32());
        var health = legion.GetProperty("health");
        Assert.Equal(60, health.GetProperty("penalty").GetInt32());
        Assert.False(health.GetProperty("ineligible").GetBoolean());
        var check = health.GetProperty("checks")[0];
        Assert.Equal(("db", "cmd:check-db", "failing", "scripted failure"),
            (check.GetProperty("name").GetString(), check.GetProperty("check").GetString(), check.GetProperty("state").GetString(), check.GetProperty("last_result").GetString()));
        Assert.True(check.GetProperty("failures").GetInt32() >= 2);

        var snapshot = LegionSnapshot.From(Status(nodes[0]), null);
        Assert.Equal(90UL, snapshot.BaseValor);
        Assert.True(Assert.Single(snapshot.Health).IsFailing);
    }

    [Fact]
    public void A_legion_without_checks_has_no_health_child_and_no_health_in_its_stats()
    {
        var nodes = Start(Settings("a", 90, 1));
        ExpectEvent("a", LegionEvent.Lord);

        var status = Status(nodes[0]);
        Assert.Empty(status.Health);
        Assert.Equal(90UL, status.BaseValor);
        using var document = JsonDocument.Parse(UwsgiStatsJson.Write([status], 1, "test"));
        Assert.False(document.RootElement.GetProperty("legions")[0].TryGetProperty("health", out _));
    }

    private T Await<T>(Task<T> task)
    {
        for (int i = 0; i < 500 && !task.IsCompleted; i++)
        {
            RunUntilIdle();
            task.Wait(TimeSpan.FromMilliseconds(10));
        }
        return task.IsCompleted ? task.Result : throw new TimeoutException("the actor did not reply");
    }
}
