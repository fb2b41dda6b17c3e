using System.Collections.Concurrent;
using Akka.Actor;
using DeadLetter = Akka.Event.DeadLetter;
using Akka.Hosting;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Hosting;

/// <summary>
/// <c>WithLegion</c> and <c>WithLordOnlyActor&lt;TKey&gt;</c> in Akka.Hosting applications: two instances on loopback
/// UDP, each a generic host with its own ActorSystem.
/// </summary>
public sealed class WithLegionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_lord_only_actor_runs_on_exactly_one_instance_and_moves_when_the_Lord_instance_stops()
    {
        var ports = LoopbackLegion.Ports(2);
        var reports = new Reports();
        using var a = Build("a", LoopbackLegion.Options("web", ports[0], ports, 90), reports);
        using var b = Build("b", LoopbackLegion.Options("web", ports[1], ports, 10), reports);

        await a.StartAsync();
        await b.StartAsync();

        await Eventually.Until("the report scheduler runs on a", _ => Task.FromResult(reports.Running()), r => r == "a", LoopbackLegion.Patience, reports.ToString);
        var onA = await a.Services.GetRequiredService<IRequiredActor<Reporter>>().GetAsync();
        Assert.Equal("a", await onA.Ask<string>(Reporter.Where, TimeSpan.FromSeconds(5)));
        // b has heard a as its Lord, so it will not start one of its own.
        var bNode = LegionExtension.Get(b.Services.GetRequiredService<ActorSystem>()).TryGetNode("web", out var found) ? found : null;
        await Eventually.Until("b follows a", _ => bNode!.GetStatusAsync("web"), s => s.Election.Candidate.Valor == 90, LoopbackLegion.Patience, () => "");
        Assert.DoesNotContain("b", reports.Started);

        await a.StopAsync();

        await Eventually.Until("the report scheduler moves to b", _ => Task.FromResult(reports.Running()), r => r == "b", LoopbackLegion.Patience, reports.ToString);
        Assert.Contains("a", reports.Stopped);
        var onB = await b.Services.GetRequiredService<IRequiredActor<Reporter>>().GetAsync();
        Assert.Equal("b", await onB.Ask<string>(Reporter.Where, TimeSpan.FromSeconds(5)));
        Assert.Equal("/user/legions", (await b.Services.GetRequiredService<IRequiredActor<LegionsGuardian>>().GetAsync()).Path.ToStringWithoutAddress());
        Assert.Equal("/user/legions/legion-web", (await b.Services.GetRequiredService<IRequiredActor<LegionSupervisor>>().GetAsync()).Path.ToStringWithoutAddress());
        await b.StopAsync();
        Assert.Equal(["a", "b"], reports.Stopped.Order());
    }

    [Fact]
    public async Task A_step_down_ends_the_actor_with_its_termination_message_and_messages_then_go_to_dead_letters()
    {
        var reports = new Reports();
        var port = LoopbackLegion.Ports(1);
        var logs = new CapturingLoggerProvider();
        using var host = Build("solo", LoopbackLegion.Options("web", port[0], port, 90), reports, terminationMessage: Reporter.Finish, logs: logs);
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        await Eventually.Until("the report scheduler runs", _ => Task.FromResult(reports.Running()), r => r == "solo", LoopbackLegion.Patience, reports.ToString);
        var scheduler = await host.Services.GetRequiredService<IRequiredActor<Reporter>>().GetAsync();
        var deadLetters = new ConcurrentQueue<DeadLetter>();
        using var subscription = system.Subscribe<DeadLetter>(deadLetters.Enqueue);

        Assert.True(LegionExtension.Get(system).TryGetNode("web", out var node));
        var outcome = await node.StepDownAsync("web", TimeSpan.FromSeconds(30), force: true);

        Assert.True(outcome.Accepted, outcome.Message);
        await Eventually.Until("the report scheduler stops", _ => Task.FromResult(reports.Running()), r => r == "", LoopbackLegion.Patience, reports.ToString);
        Assert.Equal(["solo"], reports.Finished);
        scheduler.Tell(Reporter.Where);
        await Eventually.Until("the message reaches dead letters", _ => Task.FromResult(deadLetters.ToArray()),
            all => all.Any(d => Equals(d.Message, Reporter.Where)), LoopbackLegion.Patience, () => string.Join("; ", deadLetters.Select(d => d.Message)));
        // The legion logs through the application's logger factory (Akka.Hosting's LoggerFactorySetup).
        Assert.Contains(logs.Lines, l => l.Contains("Legion web listening on 127.0.0.1:" + port[0].Port, StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public void A_malformed_section_is_refused_at_once_with_the_same_message_as_AddLegion()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Legion:Legions:0:Name"] = "web",
            ["Legion:Legions:0:Address"] = "127.0.0.1:4999",
            ["Legion:Legions:0:Valor"] = "lots",
            ["Legion:Legions:0:Cipher"] = "aes-128-cbc",
            ["Legion:Legions:0:Secret"] = "topsecret",
        }).Build().GetSection("Legion");

        var viaServices = Assert.Throws<LegionConfigurationException>(() => new ServiceCollection().AddLegion(section));
        var viaAkka = Assert.Throws<LegionConfigurationException>(() => new AkkaConfigurationBuilder(new ServiceCollection(), "app").WithLegion(section));

        Assert.Equal(viaServices.Message, viaAkka.Message);
        Assert.Contains("Legion:Legions:0:Valor", viaAkka.Message);
        Assert.DoesNotContain("topsecret", viaAkka.Message);
    }

    [Fact]
    public void Options_from_code_that_cannot_run_are_refused_with_the_same_message_as_AddLegion()
    {
        var options = LoopbackLegion.Options("web", LoopbackLegion.Ports(1)[0], [], 90,
            actions: [new LegionActionSpec(Legion.Actors.Model.LegionEvent.Lord, "signalx", "3")]);

        var viaServices = Assert.Throws<LegionConfigurationException>(() => new ServiceCollection().AddLegion(options));
        var viaAkka = Assert.Throws<LegionConfigurationException>(() => new AkkaConfigurationBuilder(new ServiceCollection(), "app").WithLegion(options));

        Assert.Equal(viaServices.Message, viaAkka.Message);
    }

    [Fact]
    public void A_second_WithLegion_or_a_second_lord_only_actor_of_one_key_is_an_error()
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "app");
        var options = LoopbackLegion.Options("web", LoopbackLegion.Ports(1)[0], [], 90);
        builder.WithLegion(options).WithLordOnlyActor<Reporter>("web", Props.Empty);

        Assert.Throws<InvalidOperationException>(() => builder.WithLegion(options));
        Assert.Throws<InvalidOperationException>(() => builder.WithLordOnlyActor<Reporter>("web", Props.Empty));
    }

    [Fact]
    public async Task A_lord_only_actor_of_a_legion_not_configured_or_with_a_bad_name_is_refused_before_anything_starts()
    {
        using var system = ActorSystem.Create("app");
        var options = LoopbackLegion.Options("web", LoopbackLegion.Ports(1)[0], [], 90);

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => LegionNode.StartInAsync(system, options,
            new LegionNodeOptions { LordOnlyActors = [new LordOnlyActorSpec("db", "reports", Props.Empty, PoisonPill.Instance)] }));
        var badName = await Assert.ThrowsAsync<ArgumentException>(() => LegionNode.StartInAsync(system, options,
            new LegionNodeOptions { LordOnlyActors = [new LordOnlyActorSpec("web", "reports/daily", Props.Empty, PoisonPill.Instance)] }));

        Assert.Contains("names legion 'db', which is not configured", unknown.Message);
        Assert.Contains("'reports/daily' is not a lord-only actor name", badName.Message);
        Assert.Empty(LegionExtension.Get(system).Legions);
    }

    private IHost Build(string name, LegionOptions options, Reports reports, object? terminationMessage = null, CapturingLoggerProvider? logs = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(new XunitLoggerProvider(output));
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.Services.AddAkka("app-" + name, akka => akka
            .WithLordOnlyActor<Reporter>("web", Props.Create(() => new Reporter(reports, name)), terminationMessage)
            .WithLegion(options, hosting => hosting.HostName = name));
        return builder.Build();
    }

    /// <summary>Where the lord-only actor ran: every start, stop and termination message, by instance.</summary>
    private sealed class Reports
    {
        private readonly ConcurrentDictionary<string, int> _running = new();

        public ConcurrentQueue<string> Started { get; } = new();

        public ConcurrentQueue<string> Stopped { get; } = new();

        public ConcurrentQueue<string> Finished { get; } = new();

        public void Start(string instance)
        {
            Started.Enqueue(instance);
            _running.AddOrUpdate(instance, 1, (_, n) => n + 1);
        }

        public void Stop(string instance)
        {
            Stopped.Enqueue(instance);
            _running.AddOrUpdate(instance, 0, (_, n) => n - 1);
        }

        /// <summary>The instances running one now, comma-separated, in order.</summary>
        public string Running() => string.Join(",", _running.Where(r => r.Value > 0).Select(r => r.Key).Order());

        public override string ToString() => $"started [{string.Join(",", Started)}], stopped [{string.Join(",", Stopped)}]";
    }

    /// <summary>A lord-only actor: says where it runs; stops on <see cref="Finish"/>.</summary>
    private sealed class Reporter : ReceiveActor
    {
        public const string Where = "where";
        public const string Finish = "finish";
        private readonly Reports _reports;
        private readonly string _instance;

        public Reporter(Reports reports, string instance)
        {
            _reports = reports;
            _instance = instance;
            Receive<string>(m => m == Where, _ => Sender.Tell(instance));
            Receive<string>(m => m == Finish, _ =>
            {
                reports.Finished.Enqueue(instance);
                Context.Stop(Self);
            });
        }

        protected override void PreStart() => _reports.Start(_instance);

        protected override void PostStop() => _reports.Stop(_instance);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
