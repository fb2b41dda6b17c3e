using Legion.Actors.Configuration;
using Legion.Actors.Model;

namespace Legion.Actors.Tests.Configuration;

/// <summary>The uWSGI options for Lord-only work (cron, daemons), alarms, signal handlers and death on lord error.</summary>
public class LordOnlyAndAlarmOptionsTests
{
    private const string Web = $"legion = web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret}\n";

    private static LegionConfigurationResult Build(string ini) =>
        UwsgiOptions.Build(UwsgiIniFile.Parse("[uwsgi]\n" + ini, "node.ini"));

    private static LegionDefinition Legion(string ini) => Assert.Single(Build(ini).Options.Legions);

    private static LegionConfigurationException Error(string ini) => Assert.Throws<LegionConfigurationException>(() => Build(ini));

    [Theory]
    [InlineData("legion-cron", false)]
    [InlineData("cron-legion", false)]
    [InlineData("unique-legion-cron", true)]
    [InlineData("unique-cron-legion", true)]
    public void Every_cron_alias_adds_a_Lord_only_task_to_its_legion(string option, bool unique)
    {
        var job = Assert.Single(Legion(Web + $"{option} = web 0 -2 -1 -1 1 /usr/local/bin/rotate --now\n").Crons);

        Assert.Equal(new LegionCronJob(new CronSchedule(0, -2, -1, -1, 1), "/usr/local/bin/rotate --now", unique, "node.ini:3"), job);
    }

    [Fact]
    public void A_cron_task_for_an_undeclared_legion_is_an_error_naming_it()
    {
        var error = Error(Web + "legion-cron = api -1 -1 -1 -1 -1 true\n");
        Assert.Equal("node.ini:3", error.SourceName);
        Assert.Contains("'api'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_cron_line_names_the_field_and_shows_the_expected_syntax()
    {
        var error = Error(Web + "legion-cron = web -1 25 -1 -1 -1 true\n");
        Assert.Equal("node.ini:3", error.SourceName);
        Assert.Contains("hour field 25", error.Message, StringComparison.Ordinal);
        Assert.Contains("MINUTE HOUR DAY MONTH WEEKDAY COMMAND", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Daemons_keep_their_kind_pid_file_and_check_count()
    {
        var daemons = Legion(Web +
            "legion-attach-daemon = web memcached -p 11311\n" +
            "legion-smart-attach-daemon = web /run/nginx.pid nginx -g 'daemon on;'\n" +
            "legion-smart-attach-daemon2 = web /run/worker.pid,3 /usr/bin/worker --foreground\n").Daemons;

        Assert.Equal(
            [
                new LegionDaemonSpec("memcached -p 11311", null, 10, false, "node.ini:3"),
                new LegionDaemonSpec("nginx -g 'daemon on;'", "/run/nginx.pid", 10, false, "node.ini:4"),
                new LegionDaemonSpec("/usr/bin/worker --foreground", "/run/worker.pid", 3, true, "node.ini:5"),
            ],
            daemons);
        Assert.Equal(["legion-attach-daemon", "legion-smart-attach-daemon", "legion-smart-attach-daemon2"], daemons.Select(d => d.Option));
    }

    [Theory]
    [InlineData("legion-attach-daemon = web\n", "needs NAME COMMAND")]
    [InlineData("legion-smart-attach-daemon = web /run/x.pid\n", "needs a pid file and a command")]
    [InlineData("legion-smart-attach-daemon = web ,3 cmd\n", "empty pid file")]
    [InlineData("legion-smart-attach-daemon2 = web /run/x.pid,0 cmd\n", "pid file checks 0 is out of range")]
    [InlineData("legion-smart-attach-daemon = web /run/x.pid a\nlegion-smart-attach-daemon = web /run/x.pid b\n", "already used")]
    public void Malformed_daemons_are_errors(string lines, string problem)
    {
        Assert.Contains(problem, Error(Web + lines).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alarms_are_declared_with_a_kind_and_raised_by_name_from_actions()
    {
        var result = Build(Web +
            "legion-lord = web alarm:pager became Lord\n" +
            "alarm = pager cmd:mail -s legion ops@example.org\n" +
            "alarm = audit log:\n" +
            "alarm-freq = 10\n");

        Assert.Equal(
            [new LegionAlarmSpec("pager", "cmd", "mail -s legion ops@example.org", "node.ini:4"), new LegionAlarmSpec("audit", "log", "", "node.ini:5")],
            result.Options.Alarms);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Options.AlarmFrequency);
        Assert.Equal(new LegionActionSpec(LegionEvent.Lord, "alarm", "pager became Lord", "node.ini:3"), Assert.Single(result.Options.Legions[0].Actions));
    }

    [Fact]
    public void The_alarm_throttle_defaults_to_three_seconds_as_uwsgi() =>
        Assert.Equal(TimeSpan.FromSeconds(3), Build(Web).Options.AlarmFrequency);

    [Theory]
    [InlineData("legion-lord = web alarm:pager down\n", "alarm 'pager' is not declared (no alarm is)")]
    [InlineData("alarm = audit log:\nlegion-lord = web alarm:pager down\n", "alarm 'pager' is not declared (declared: audit)")]
    [InlineData("alarm = pager log:\nlegion-lord = web alarm:pager\n", "has no NAME followed by a space")]
    [InlineData("alarm = pager mule:1\n", "unknown alarm kind 'mule'")]
    [InlineData("alarm = pager\n", "alarm needs NAME KIND:ARGUMENT")]
    [InlineData("alarm = pager cmd:\n", "empty command")]
    [InlineData("alarm = pager signal:300\n", "signal '300' is not a signal number")]
    [InlineData("legion-lord = web signal:256\n", "signal '256' is not a signal number 0..255")]
    [InlineData("legion-lord = web signal:abc\n", "signal 'abc' is not a signal number")]
    public void Alarm_and_signal_mistakes_are_errors_naming_the_problem(string lines, string problem)
    {
        Assert.Contains(problem, Error(Web + lines).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_alarm_with_the_same_name_is_kept_but_unused_as_in_uwsgi_with_a_warning()
    {
        var result = Build(Web + "alarm = pager log:first\nalarm = pager log:second\n");

        Assert.Equal(2, result.Options.Alarms.Count);
        Assert.Contains(result.Warnings, w => w.Contains("alarm 'pager' is already declared at node.ini:3", StringComparison.Ordinal));
    }

    [Fact]
    public void Signal_handlers_run_any_action_kind_but_signal()
    {
        var handlers = Build(Web + "legion-signal-handler = 17 cmd:/usr/local/bin/reload\nlegion-signal-handler = 0 log:zero\n").Options.SignalHandlers;

        Assert.Equal([new LegionSignalHandlerSpec(17, "cmd", "/usr/local/bin/reload", "node.ini:3"), new LegionSignalHandlerSpec(0, "log", "zero", "node.ini:4")], handlers);
    }

    [Theory]
    [InlineData("legion-signal-handler = 17 signal:18\n", "may not raise a signal")]
    [InlineData("legion-signal-handler = 256 log:x\n", "signal 256 is out of range")]
    [InlineData("legion-signal-handler = 17 nope:x\n", "unknown action kind 'nope'")]
    [InlineData("legion-signal-handler = 17\n", "needs N ACTION")]
    [InlineData("legion-signal-handler = 17 alarm:pager x\n", "alarm 'pager' is not declared")]
    public void Malformed_signal_handlers_are_errors(string lines, string problem)
    {
        Assert.Contains(problem, Error(Web + lines).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Death_on_lord_error_is_read_in_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Build(Web + "legion-death-on-lord-error = 30\n").Options.DeathOnLordError);
    }

    [Fact]
    public void An_own_scroll_that_does_not_fit_the_scroll_list_is_an_error_where_uwsgi_would_drop_it_silently()
    {
        var error = Error("legion-scroll-list-max-size = 10\n" + Web + "legion-scroll = web 123456789\n");
        Assert.Equal("node.ini:4", error.SourceName);
        Assert.Contains("legion-scroll-list-max-size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_uwsgi_legion_option_is_implemented_and_none_is_left_unsupported()
    {
        string[] uwsgiHelp =
        [
            "legion", "legion-mcast", "legion-node", "legion-freq", "legion-tolerance", "legion-death-on-lord-error",
            "legion-skew-tolerance", "legion-lord", "legion-unlord", "legion-setup", "legion-death", "legion-join",
            "legion-node-joined", "legion-node-left", "legion-quorum", "legion-scroll", "legion-scroll-max-size",
            "legion-scroll-list-max-size", "legion-cron", "cron-legion", "unique-legion-cron", "unique-cron-legion",
            "legion-attach-daemon", "legion-smart-attach-daemon", "legion-smart-attach-daemon2",
        ];

        Assert.All(uwsgiHelp, option => Assert.Contains(option, UwsgiOptionTable.Implemented));
        Assert.Empty(UwsgiOptionTable.Unsupported);
    }

    [Fact]
    public void Options_built_in_code_are_checked_for_alarm_names_and_signal_numbers()
    {
        var legion = Legion(Web) with { Actions = [new LegionActionSpec(LegionEvent.Lord, "alarm", "missing now", "code")] };
        var options = new LegionOptions { Legions = [legion] };

        var error = Assert.Throws<LegionConfigurationException>(options.Validate);
        Assert.Equal("code", error.SourceName);
        Assert.Contains("alarm 'missing' is not declared", error.Message, StringComparison.Ordinal);
    }
}
