using Akka.Actor;
using Akka.Event;
using Legion.Actors.Protocol;
using Legion.Actors.Runtime;
using Legion.Actors.Tests.Support;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Xunit;

namespace Legion.Actors.Tests.Runtime;

/// <summary>
/// A legion actor logs through Akka.NET (<c>Context.Log</c>, an <see cref="ILoggingAdapter"/> with message templates):
/// on the EventStream of a system that has no logger factory for it (an application's ActorSystem, the host with
/// Akka.Logger.Serilog), or straight to the factory its owner gave; peer-chosen values escaped either way.
/// </summary>
public sealed class LegionLoggingAdapterTests() : Akka.TestKit.Xunit2.TestKit("akka.loglevel = INFO")
{
    private const string PeerName = "evil\nname";

    /// <summary>Logs what it is told, as a legion actor does.</summary>
    private sealed class Talker : ReceiveActor
    {
        public Talker()
        {
            Receive<string>(level =>
            {
                switch (level)
                {
                    case "info":
                        Context.Log.Info("Node {Node} is now the Lord of legion {Legion}", PeerName, "web");
                        break;
                    case "debug":
                        Context.Log.Debug("Debug line of {Legion}", "web");
                        break;
                    case "error":
                        Context.Log.Error(new InvalidOperationException("boom"), "Legion {Legion} failed", "web");
                        break;
                }
                Sender.Tell("logged");
            });
        }
    }

    [Fact]
    public void In_a_system_without_a_logger_factory_a_line_goes_on_the_EventStream_with_its_template_escaped_values_path_and_actor_type()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(LogEvent));
        var talker = Sys.ActorOf(Props.Create(() => new Talker()), "talker");

        talker.Tell("info", TestActor);
        ExpectMsg("logged");

        var info = probe.FishForMessage<Info>(e => e.LogSource.Contains("/user/talker", StringComparison.Ordinal));
        Assert.Equal(typeof(Talker), info.LogClass);
        var message = Assert.IsAssignableFrom<LogMessage>(info.Message);
        Assert.Equal("Node {Node} is now the Lord of legion {Legion}", message.Format);
        Assert.Equal(["Node", "Legion"], message.PropertyNames);
        Assert.Equal(PeerText.Escape(PeerName), message.Parameters().First());
        Assert.Equal($"Node {PeerText.Escape(PeerName)} is now the Lord of legion web", info.Message.ToString());
        Assert.DoesNotContain('\n', info.Message.ToString()!);
        Assert.True(LegionRuntime.Get(Sys).LogsOnEventStream);
    }

    [Fact]
    public void On_the_EventStream_the_system_log_level_decides_and_an_error_keeps_its_cause()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(LogEvent));
        var talker = Sys.ActorOf(Props.Create(() => new Talker()), "talker");

        talker.Tell("debug", TestActor);
        ExpectMsg("logged");
        talker.Tell("error", TestActor);
        ExpectMsg("logged");

        var error = probe.FishForMessage<LogEvent>(e => e.LogSource.Contains("/user/talker", StringComparison.Ordinal));
        var failure = Assert.IsType<Error>(error);
        Assert.Equal("boom", failure.Cause?.Message);
        Assert.Equal("Legion web failed", failure.Message.ToString());
    }

    [Fact]
    public void An_EventFilter_sees_a_legion_actors_line_as_it_sees_any_actors()
    {
        var talker = Sys.ActorOf(Props.Create(() => new Talker()), "talker");

        EventFilter.Info(contains: "is now the Lord of legion web").ExpectOne(() =>
        {
            talker.Tell("info", TestActor);
            ExpectMsg("logged");
        });
    }

    [Fact]
    public void What_runs_beside_the_actors_logs_on_the_EventStream_too()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Warning));

        LegionRuntime.Get(Sys).LoggerFactory.CreateLogger("Legion.Actions").LogWarning("Action {Action} of {Node} failed", "cmd:false", PeerName);

        var warning = probe.ExpectMsg<Warning>();
        Assert.Equal("Legion.Actions", warning.LogSource);
        Assert.Equal($"Action cmd:false of {PeerText.Escape(PeerName)} failed", warning.Message.ToString());
    }

    [Fact]
    public async Task With_a_logger_factory_a_line_is_written_to_it_directly_with_the_actor_path_in_scope()
    {
        var lines = new ListLoggerFactory();
        using var system = LegionActorSystem.Create("direct", new LegionRuntimeSetup { LoggerFactory = lines });
        try
        {
            var talker = system.ActorOf(Props.Create(() => new Talker()), "talker");
            await talker.Ask<string>("info", TimeSpan.FromSeconds(10));
            await talker.Ask<string>("error", TimeSpan.FromSeconds(10));

            Assert.False(LegionRuntime.Get(system).LogsOnEventStream);
            var info = Assert.Single(lines.Entries, e => e.Level == LogLevel.Information);
            Assert.Equal(typeof(Talker).FullName, info.Category);
            Assert.Equal($"Node {PeerText.Escape(PeerName)} is now the Lord of legion web", info.Message);
            Assert.Contains("ActorPath=/user/talker", info.Scopes);
            var error = Assert.Single(lines.Entries, e => e.Level == LogLevel.Error && e.Category == typeof(Talker).FullName);
            Assert.Equal("boom", error.Exception?.Message);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
