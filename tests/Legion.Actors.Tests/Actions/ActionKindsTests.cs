using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Legion.Actors.Model;

using Microsoft.Extensions.Logging;

namespace Legion.Actors.Tests.Actions;

/// <summary>The signal and alarm action kinds, the alarm kinds, and registering new kinds.</summary>
public sealed class ActionKindsTests : IDisposable
{
    private static readonly NodeIdentity Self = new("host", 42, 90, "00000000-0000-4000-8000-000000000001");
    private readonly ListLoggerFactory _logs = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("legion-actions-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private LegionActionContext Context(LegionSignalBus? signals = null, LegionAlarms? alarms = null) =>
        new("web", LegionEvent.Lord, Self, Self.AsVote, null, _logs.CreateLogger("Legion.Actions")) { Signals = signals, Alarms = alarms };

    private static LegionAlarms Alarms(TimeProvider time, params LegionAlarmSpec[] alarms) =>
        new(alarms, LegionAlarmRegistry.CreateDefault(), time, TimeSpan.FromSeconds(3));

    [Fact]
    public void The_default_registry_has_every_kind_uwsgi_registers()
    {
        Assert.Equal(["alarm", "cmd", "exec", "log", "signal"], LegionActionRegistry.CreateDefault().Kinds);
        Assert.Equal(LegionActionKinds.Default.Order(), LegionActionRegistry.CreateDefault().Kinds);
        Assert.Equal(LegionActionKinds.AlarmKinds.Order(), LegionAlarmRegistry.CreateDefault().Kinds);
    }

    [Fact]
    public async Task A_signal_action_reaches_the_subscribers_of_its_number_with_the_event_that_raised_it()
    {
        var bus = new LegionSignalBus();
        var got = new List<LegionSignal>();
        using var seventeen = bus.Subscribe(17, got.Add);
        using var other = bus.Subscribe(18, _ => throw new InvalidOperationException("not mine"));

        var result = await new SignalAction().RunAsync("17", Context(bus), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(new LegionSignal(17, "web", LegionEvent.Lord, Self, Self.AsVote), Assert.Single(got));
    }

    [Fact]
    public async Task A_signal_nobody_handles_still_succeeds_as_in_uwsgi_with_a_warning()
    {
        var result = await new SignalAction().RunAsync("3", Context(new LegionSignalBus()), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("signal 3 raised but nothing handles it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subscriber_that_throws_neither_fails_the_action_nor_stops_the_other_subscribers()
    {
        var bus = new LegionSignalBus();
        int reached = 0;
        using var bad = bus.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var good = bus.Subscribe(5, _ => reached++);

        var result = await new SignalAction().RunAsync("5", Context(bus), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(1, reached);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "boom");
    }

    [Fact]
    public async Task Unsubscribing_stops_delivery()
    {
        var bus = new LegionSignalBus();
        int reached = 0;
        bus.Subscribe(5, _ => reached++).Dispose();

        Assert.Equal(0, bus.Raise(new LegionSignal(5, "web", LegionEvent.Lord, Self, Self.AsVote)));
        Assert.Equal(0, reached);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("x")]
    public async Task A_signal_outside_0_to_255_fails(string argument)
    {
        var result = await new SignalAction().RunAsync(argument, Context(new LegionSignalBus()), CancellationToken.None);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_log_alarm_writes_uwsgis_ALARM_line_with_its_prefix()
    {
        var alarms = Alarms(TimeProvider.System, new LegionAlarmSpec("audit", "log", "legion:"), new LegionAlarmSpec("plain", "log", ""));

        Assert.True((await new AlarmAction().RunAsync("audit web changed Lord", Context(alarms: alarms), CancellationToken.None)).Succeeded);
        Assert.True((await new AlarmAction().RunAsync("plain hello", Context(alarms: alarms), CancellationToken.None)).Succeeded);

        var lines = _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(["ALARM: legion: web changed Lord", "ALARM: hello"], lines);
    }

    [Fact]
    public async Task A_cmd_alarm_gets_the_message_on_its_standard_input()
    {
        var output = Path.Combine(_directory, "alarm.txt");
        var alarms = Alarms(TimeProvider.System, new LegionAlarmSpec("pager", "cmd", $"cat > {output}"));

        var result = await new AlarmAction().RunAsync("pager node lost: web", Context(alarms: alarms), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("node lost: web", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task A_failing_alarm_command_is_logged_but_the_alarm_action_succeeds_as_in_uwsgi()
    {
        var alarms = Alarms(TimeProvider.System, new LegionAlarmSpec("pager", "cmd", "exit 3"));

        var result = await new AlarmAction().RunAsync("pager down", Context(alarms: alarms), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("exit code 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signal_alarm_raises_its_signal()
    {
        var bus = new LegionSignalBus();
        var got = new List<int>();
        using var any = bus.Subscribe(s => got.Add(s.Number));
        var alarms = Alarms(TimeProvider.System, new LegionAlarmSpec("poke", "signal", "9"));

        await new AlarmAction().RunAsync("poke now", Context(bus, alarms), CancellationToken.None);

        Assert.Equal([9], got);
    }

    [Fact]
    public async Task The_same_alarm_message_within_the_alarm_frequency_is_skipped_but_a_new_message_or_a_later_one_is_not()
    {
        var time = new Legion.Actors.Simulation.VirtualTimeProvider();
        var alarms = Alarms(time, new LegionAlarmSpec("audit", "log", ""));
        async Task Raise(string message) => await new AlarmAction().RunAsync("audit " + message, Context(alarms: alarms), CancellationToken.None);

        await Raise("flap");
        time.Advance(TimeSpan.FromSeconds(2));
        await Raise("flap");
        await Raise("other");
        time.Advance(TimeSpan.FromSeconds(3));
        await Raise("other");

        Assert.Equal(["ALARM: flap", "ALARM: other", "ALARM: other"], _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message));
    }

    [Theory]
    [InlineData("pager", "must be: NAME MESSAGE")]
    [InlineData("nobody hello", "alarm 'nobody' is not declared")]
    public async Task An_alarm_action_without_a_message_or_for_an_undeclared_alarm_fails(string argument, string error)
    {
        var alarms = Alarms(TimeProvider.System, new LegionAlarmSpec("pager", "log", ""));

        var result = await new AlarmAction().RunAsync(argument, Context(alarms: alarms), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_action_kind_is_a_class_registered_by_name_and_accepted_by_configuration()
    {
        var registry = LegionActionRegistry.CreateDefault().Register(new RecordingAction());
        var settings = new LegionConfigurationSettings { ActionKinds = registry.Kinds };
        var options = UwsgiOptions.Build(UwsgiIniFile.Parse(
            $"[uwsgi]\nlegion = web 127.0.0.1:2000 90 aes-128-cbc:{Configuration.Secrets.Secret}\nlegion-lord = web record:hello\n", "node.ini"), settings).Options;

        var spec = Assert.Single(options.Legions[0].Actions);
        var action = registry.Find(spec.Kind)!;
        var result = await action.RunAsync(spec.Argument, Context(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("hello", ((RecordingAction)action).Last);
    }

    [Fact]
    public void A_kind_with_a_colon_or_space_cannot_be_registered()
    {
        Assert.Throws<ArgumentException>(() => new LegionActionRegistry().Register(new NamedAction("a:b")));
        Assert.Throws<ArgumentException>(() => new LegionActionRegistry().Register(new NamedAction("a b")));
    }

    private sealed class RecordingAction : ILegionAction
    {
        public string Kind => "record";

        public string? Last { get; private set; }

        public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken)
        {
            Last = argument;
            return Task.FromResult(LegionActionResult.Success);
        }
    }

    private sealed class NamedAction(string kind) : ILegionAction
    {
        public string Kind => kind;

        public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(LegionActionResult.Success);
    }
}
