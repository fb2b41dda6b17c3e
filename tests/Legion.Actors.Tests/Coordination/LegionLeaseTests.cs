using Akka.Actor;
using Akka.Configuration;
using Akka.Coordination;
using Legion.Actors.Configuration;
using Legion.Actors.Coordination;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Tests.Hosting;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Coordination;

/// <summary>
/// <see cref="LegionLease"/> on real legions of two ActorSystems on loopback UDP (freq 200 ms, tolerance 1 s): the
/// lease is held only by the node doing the legion's Lord-only work, is lost when that ends, and is made by Akka.NET's
/// own <see cref="LeaseProvider"/> from the <c>legion.lease</c> section.
/// </summary>
public sealed class LegionLeaseTests : Akka.TestKit.Xunit2.TestKit
{
    private const string LeaseConfig = """
        akka.loglevel = WARNING
        legion.lease.legion = web
        """;

    private readonly ITestOutputHelper _output;

    public LegionLeaseTests(ITestOutputHelper output)
        : base(ConfigurationFactory.ParseString(LeaseConfig).WithFallback(LegionLease.DefaultConfig()), output: output)
    {
        _output = output;
    }

    private LegionNodeOptions NodeOptions(string name) => new() { HostName = name, LoggerFactory = new XunitLoggerFactory(_output, name + " ") };

    private static Lease LeaseOf(ActorSystem system, string owner = "owner") =>
        LeaseProvider.Get(system).GetLease("test-lease", LegionLeaseSettings.DefaultConfigPath, owner);

    /// <summary>Node a (valor 90) in <see cref="TestKit.Sys"/> and node b (valor 10) in <paramref name="other"/>, once a does the Lord-only work.</summary>
    private async Task<(LegionNode A, LegionNode B)> StartPairAsync(ActorSystem other)
    {
        var ports = LoopbackLegion.Ports(2);
        var a = await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), NodeOptions("a"));
        var b = await LegionExtension.Get(other).StartAsync(LoopbackLegion.Options("web", ports[1], ports, 10), NodeOptions("b"));
        await Eventually.Until("a does the Lord-only work and b counts it", async _ => (await a.GetStatusAsync("web"), await b.GetStatusAsync("web")),
            s => s.Item1.LordWork && s.Item2.Membership.Count == 1 && s.Item2.Election.Candidate.Uuid == a.Identity("web").Uuid,
            LoopbackLegion.Patience, () => "");
        return (a, b);
    }

    private ActorSystem OtherSystem() => ActorSystem.Create("other", ConfigurationFactory.ParseString(LeaseConfig).WithFallback(LegionLease.DefaultConfig()));

    [Fact]
    public async Task Acquire_is_true_on_the_Lord_and_false_on_a_member_that_is_not_Lord()
    {
        using var other = OtherSystem();
        await StartPairAsync(other);
        var onLord = LeaseOf(Sys);
        var onMember = LeaseOf(other);

        Assert.True(await onLord.Acquire());
        Assert.False(await onMember.Acquire());
        Assert.True(onLord.CheckLease());
        Assert.False(onMember.CheckLease());
    }

    [Fact]
    public async Task A_step_down_loses_the_lease_through_the_callback_and_the_new_Lord_can_acquire_it()
    {
        using var other = OtherSystem();
        var (a, b) = await StartPairAsync(other);
        var lease = LeaseOf(Sys);
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(await lease.Acquire(reason => lost.TrySetResult(reason)));

        Assert.True((await a.StepDownAsync("web", TimeSpan.FromSeconds(60))).Accepted);

        var reason = await lost.Task.WaitAsync(LoopbackLegion.Patience);
        Assert.IsType<LeaseException>(reason);
        Assert.Contains("no longer the Lord of legion 'web'", reason.Message);
        Assert.False(lease.CheckLease());
        Assert.False(await lease.Acquire());
        await Eventually.Until("b does the Lord-only work", _ => b.GetStatusAsync("web"), s => s.LordWork, LoopbackLegion.Patience, () => "");
        var onB = LeaseOf(other);
        Assert.True(await onB.Acquire());
        Assert.True(onB.CheckLease());
    }

    [Fact]
    public async Task Acquire_is_false_while_the_new_Lord_still_runs_its_lord_actions()
    {
        var ports = LoopbackLegion.Ports(1);
        // A lord action that takes a while: Lord-only work, and with it the lease, waits for it (as uWSGI's legion-lord).
        var slowLord = new LegionActionSpec(LegionEvent.Lord, "cmd", "sleep 5");
        var a = await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90, actions: [slowLord]), NodeOptions("a"));
        var lease = LeaseOf(Sys);
        await Eventually.Until("a is Lord, its lord action still running", _ => a.GetStatusAsync("web"), s => s.Election.IsLord && !s.LordWork,
            LoopbackLegion.Patience, () => "");

        Assert.False(await lease.Acquire());

        await Eventually.Until("a does the Lord-only work", _ => a.GetStatusAsync("web"), s => s.LordWork, LoopbackLegion.Patience, () => "");
        Assert.True(await lease.Acquire());
    }

    [Fact]
    public async Task CheckLease_follows_the_lordship_from_acquire_to_loss()
    {
        using var other = OtherSystem();
        var (a, _) = await StartPairAsync(other);
        var lease = LeaseOf(Sys);
        Assert.False(lease.CheckLease());

        Assert.True(await lease.Acquire(_ => { }));
        Assert.True(lease.CheckLease());

        await a.ChangeValorAsync("web", ValorRequest.Set(5));
        await Eventually.Until("CheckLease turns false once a is outvalored", _ => Task.FromResult(lease.CheckLease()), held => !held,
            LoopbackLegion.Patience, () => "");
    }

    [Fact]
    public async Task Release_drops_the_hold_without_handing_the_lordship_over_and_the_Lord_can_acquire_again()
    {
        using var other = OtherSystem();
        var (a, _) = await StartPairAsync(other);
        var lease = LeaseOf(Sys);
        int lostCalls = 0;
        Assert.True(await lease.Acquire(_ => Interlocked.Increment(ref lostCalls)));

        Assert.True(await lease.Release());

        Assert.False(lease.CheckLease());
        Assert.True((await a.GetStatusAsync("web")).LordWork);
        Assert.True(await lease.Release()); // idempotent
        Assert.True(await lease.Acquire());
        Assert.True(lease.CheckLease());
        // The callback belonged to the released hold: losing the lordship now does not call it.
        Assert.True((await a.StepDownAsync("web", TimeSpan.FromSeconds(60))).Accepted);
        await Eventually.Until("the lease is lost", _ => Task.FromResult(lease.CheckLease()), held => !held, LoopbackLegion.Patience, () => "");
        Assert.Equal(0, Volatile.Read(ref lostCalls));
    }

    [Fact]
    public async Task Stopping_the_legion_loses_the_lease_and_a_later_acquire_names_the_setting()
    {
        var ports = LoopbackLegion.Ports(1);
        var a = await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), NodeOptions("a"));
        await Eventually.Until("a alone does the Lord-only work", _ => a.GetStatusAsync("web"), s => s.LordWork, LoopbackLegion.Patience, () => "");
        var lease = LeaseOf(Sys);
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(await lease.Acquire(reason => lost.TrySetResult(reason)));

        await a.StopAsync();

        var reason = await lost.Task.WaitAsync(LoopbackLegion.Patience);
        Assert.IsType<LeaseException>(reason);
        Assert.False(lease.CheckLease());
        var refused = await Assert.ThrowsAsync<LeaseException>(() => lease.Acquire());
        Assert.Contains("legion 'web' does not run in the actor system", refused.Message);
        Assert.Contains("legion.lease.legion", refused.Message);
    }

    [Fact]
    public async Task A_lease_made_before_its_legion_starts_follows_the_legion_once_it_runs()
    {
        var lease = LeaseOf(Sys);
        var refused = await Assert.ThrowsAsync<LeaseException>(() => lease.Acquire());
        Assert.Contains("'legion' setting", refused.Message);

        var ports = LoopbackLegion.Ports(1);
        var a = await LegionExtension.Get(Sys).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), NodeOptions("a"));
        await Eventually.Until("a alone does the Lord-only work", _ => a.GetStatusAsync("web"), s => s.LordWork, LoopbackLegion.Patience, () => "");

        Assert.True(await lease.Acquire());
        Assert.True(lease.CheckLease());
    }

    [Fact]
    public async Task Akka_LeaseProvider_makes_one_LegionLease_per_lease_name_and_owner_from_the_legion_lease_section()
    {
        var lease = LeaseProvider.Get(Sys).GetLease("singleton", "legion.lease", "127.0.0.1:4053");

        var legionLease = Assert.IsType<LegionLease>(lease);
        Assert.Same(lease, LeaseProvider.Get(Sys).GetLease("singleton", "legion.lease", "127.0.0.1:4053"));
        Assert.NotSame(lease, LeaseProvider.Get(Sys).GetLease("sbr", "legion.lease", "127.0.0.1:4053"));
        Assert.Equal("web", legionLease.LegionSettings.Legion);
        Assert.Equal("singleton", lease.Settings.LeaseName);
        Assert.Equal("127.0.0.1:4053", lease.Settings.OwnerName);
        Assert.Equal(TimeSpan.FromSeconds(5), legionLease.LegionSettings.OperationTimeout);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_system_running_a_legion_finds_the_lease_class_without_adding_the_default_config()
    {
        using var app = ActorSystem.Create("app", "legion.lease.legion = web");
        var ports = LoopbackLegion.Ports(1);
        await LegionExtension.Get(app).StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), NodeOptions("a"));

        var lease = LeaseProvider.Get(app).GetLease("singleton", LegionLeaseSettings.DefaultConfigPath, "owner");

        Assert.Equal("web", Assert.IsType<LegionLease>(lease).LegionSettings.Legion);
    }

    [Fact]
    public void The_default_config_names_the_lease_class_and_documents_every_key_with_its_default()
    {
        var section = LegionLease.DefaultConfig().GetConfig(LegionLeaseSettings.DefaultConfigPath);

        Assert.Equal(typeof(LegionLease), Type.GetType(section.GetString("lease-class"), throwOnError: true));
        Assert.Equal("", section.GetString("legion"));
        Assert.Equal(TimeSpan.FromSeconds(5), section.GetTimeSpan("lease-operation-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(120), section.GetTimeSpan("heartbeat-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(12), section.GetTimeSpan("heartbeat-interval"));
        var settings = LegionLeaseSettings.Create(ConfigurationFactory.ParseString("legion = web, lease-operation-timeout = 750ms"));
        Assert.Equal(new LegionLeaseSettings { Legion = "web", OperationTimeout = TimeSpan.FromMilliseconds(750) }, settings);
        Assert.Equal(TimeSpan.FromSeconds(5), LegionLeaseSettings.Create(ConfigurationFactory.ParseString("legion = web")).OperationTimeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("legion = \"  \"")]
    public void A_lease_section_without_a_legion_is_an_error_naming_the_setting(string section)
    {
        var error = Assert.Throws<ConfigurationException>(() => LegionLeaseSettings.Create(ConfigurationFactory.ParseString(section)));

        Assert.Contains("legion.lease.legion", error.Message);
    }

    [Fact]
    public void A_non_positive_operation_timeout_is_an_error_naming_the_setting()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            LegionLeaseSettings.Create(ConfigurationFactory.ParseString("legion = web, lease-operation-timeout = 0s")));

        Assert.Contains("lease-operation-timeout", error.Message);
    }
}
