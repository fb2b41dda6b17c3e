using Legion.Actors.Configuration;
using Legion.Actors.Model;
using Microsoft.Extensions.Configuration;

namespace Legion.Actors.Tests.Configuration;

/// <summary><c>legion-health = NAME [OPTIONS] CHECK</c>: the syntax, its defaults, its errors, and its other forms.</summary>
public class HealthCheckOptionTests
{
    private static readonly string[] Web = ["--legion", "web 127.0.0.1:4000 90 aes-128-cbc:" + Secrets.Secret];

    private static LegionConfigurationResult Parse(params string[] health) =>
        UwsgiOptions.FromCommandLine([.. Web, .. health.SelectMany(h => new[] { "--legion-health", h })]);

    private static LegionHealthCheckSpec Single(string health) => Parse(health).Options.Legions.Single().HealthChecks.Single();

    private static LegionConfigurationException Error(string health) =>
        Assert.Throws<LegionConfigurationException>(() => Parse(health));

    [Fact]
    public void A_bare_check_takes_the_documented_defaults()
    {
        var check = Single("web tcp:127.0.0.1:5432");

        Assert.Equal(HealthCheckKind.Tcp, check.Kind);
        Assert.Equal("127.0.0.1:5432", check.Target);
        Assert.Equal(TimeSpan.FromSeconds(5), check.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), check.Timeout);
        Assert.Equal(HealthPenalty.MakesIneligible, check.Penalty);
        Assert.Equal((2, 2), (check.Rise, check.Fall));
        Assert.Equal("tcp:127.0.0.1:5432", check.Label);
        Assert.Equal("--legion-health (argument 3)", check.Source);
    }

    [Fact]
    public void Options_come_before_the_check_and_a_command_runs_to_the_end_of_the_line()
    {
        var check = Single("web interval=1.5s timeout=500ms penalty=40 rise=3 fall=4 name=db cmd:pg_isready -h 127.0.0.1 -t 1 && test -e /tmp/ok");

        Assert.Equal(HealthCheckKind.Command, check.Kind);
        Assert.Equal("pg_isready -h 127.0.0.1 -t 1 && test -e /tmp/ok", check.Target);
        Assert.Equal(TimeSpan.FromSeconds(1.5), check.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), check.Timeout);
        Assert.Equal(HealthPenalty.Of(40), check.Penalty);
        Assert.Equal((3, 4), (check.Rise, check.Fall));
        Assert.Equal("db", check.Label);
        Assert.Equal(check, LegionHealthCheckSpec.Parse(check.ToString(), check.Source));
    }

    [Theory]
    [InlineData("web http:http://127.0.0.1:8080/health", "http://127.0.0.1:8080/health")]
    [InlineData("web http://127.0.0.1:8080/health", "http://127.0.0.1:8080/health")]
    [InlineData("web https://app.example/healthz?deep=1", "https://app.example/healthz?deep=1")]
    [InlineData("web ineligible http:https://app.example/", "https://app.example/")]
    public void An_http_check_takes_the_url_after_http_or_the_bare_url(string value, string url)
    {
        var check = Single(value);
        Assert.Equal(HealthCheckKind.Http, check.Kind);
        Assert.Equal(url, check.Target);
    }

    [Theory]
    [InlineData("db.internal:5432")]
    [InlineData("[::1]:8080")]
    [InlineData("localhost:1")]
    public void A_tcp_check_takes_a_host_name_an_ipv4_or_a_bracketed_ipv6_address(string target) =>
        Assert.Equal(target, Single("web tcp:" + target).Target);

    [Fact]
    public void An_interval_shorter_than_the_default_timeout_shortens_the_timeout_to_it()
    {
        var check = Single("web interval=1s cmd:true");
        Assert.Equal(TimeSpan.FromSeconds(1), check.Timeout);
    }

    [Fact]
    public void Checks_are_repeatable_per_legion_in_declaration_order()
    {
        var checks = Parse("web penalty=10 tcp:127.0.0.1:1", "web name=app http://127.0.0.1:2/").Options.Legions.Single().HealthChecks;
        Assert.Equal(["tcp:127.0.0.1:1", "app"], checks.Select(c => c.Label));
    }

    [Fact]
    public void Options_written_after_a_command_go_to_the_shell_with_a_warning()
    {
        var result = Parse("web cmd:test -e /tmp/ok interval=2s");
        Assert.Equal("test -e /tmp/ok interval=2s", result.Options.Legions.Single().HealthChecks.Single().Target);
        Assert.Contains(result.Warnings, w => w.Contains("ends with 'interval=2s'", StringComparison.Ordinal) && w.Contains("before the check", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("web", "needs NAME [OPTIONS] CHECK")]
    [InlineData("web interval=2s", "has no check")]
    [InlineData("web ftp:127.0.0.1:21", "'ftp:127.0.0.1:21' is neither a health check option nor a check")]
    [InlineData("web every=2s cmd:true", "unknown health check option 'every'")]
    [InlineData("web interval=soon cmd:true", "health check interval 'soon' is not a duration")]
    [InlineData("web interval=0 cmd:true", "health check interval must be positive")]
    [InlineData("web interval=1s timeout=2s cmd:true", "timeout 2s is longer than its interval 1s")]
    [InlineData("web penalty=0 cmd:true", "health check penalty 0 is out of range")]
    [InlineData("web penalty=70000 cmd:true", "health check penalty 70000 is out of range")]
    [InlineData("web penalty=lots cmd:true", "health check penalty 'lots' is not a whole number")]
    [InlineData("web penalty=10 ineligible cmd:true", "penalty is given twice (penalty=N and ineligible exclude each other)")]
    [InlineData("web rise=0 cmd:true", "health check rise 0 is out of range")]
    [InlineData("web fall=2 fall=3 cmd:true", "'fall' is given twice")]
    [InlineData("web name= cmd:true", "name is empty")]
    [InlineData("web cmd: ", "has no command")]
    [InlineData("web tcp:127.0.0.1", "'127.0.0.1' is not HOST:PORT")]
    [InlineData("web tcp:127.0.0.1:0", "is not HOST:PORT")]
    [InlineData("web tcp:web!server:80", "is not HOST:PORT")]
    [InlineData("web tcp:127.0.0.1:80 interval=2s", "contains a space")]
    [InlineData("web http:127.0.0.1/health", "not an absolute http:// or https:// URL")]
    [InlineData("web http:ftp://127.0.0.1/", "not an absolute http:// or https:// URL")]
    [InlineData("api tcp:127.0.0.1:80", "names legion 'api'")]
    public void A_malformed_check_names_the_option_the_value_and_what_was_expected(string value, string problem)
    {
        var error = Error(value);
        Assert.Equal("--legion-health (argument 3)", error.SourceName);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
        Secrets.AssertAbsent(error.Message);
    }

    [Fact]
    public void Two_checks_with_one_label_are_an_error_naming_both_places()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => Parse("web cmd:true", "web interval=1s cmd:true"));
        Assert.Equal("--legion-health (argument 5)", error.SourceName);
        Assert.Contains("already has a health check labelled 'cmd:true' (at --legion-health (argument 3))", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ini_file_error_names_file_and_line()
    {
        using var dir = new TempDirectory();
        var ini = dir.Write("web.ini", $"[uwsgi]\nlegion = web 127.0.0.1:4000 90 aes-128-cbc:{Secrets.Secret}\nlegion-health = web timeout=9s cmd:true\n");

        var error = Assert.Throws<LegionConfigurationException>(() => UwsgiOptions.FromIniFile(ini));

        Assert.Equal($"{ini}:3", error.SourceName);
        Assert.Contains("timeout 9s is longer than its interval 5s", error.Message, StringComparison.Ordinal);
        Assert.Contains("web timeout=9s cmd:true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_structured_configuration_takes_a_list_of_checks_in_the_same_syntax()
    {
        var data = new Dictionary<string, string?>
        {
            ["Legion:Legions:0:Name"] = "web", ["Legion:Legions:0:Address"] = "127.0.0.1:2000", ["Legion:Legions:0:Valor"] = "90",
            ["Legion:Legions:0:Cipher"] = "aes-128-cbc", ["Legion:Legions:0:Secret"] = Secrets.Secret,
            ["Legion:Legions:0:HealthChecks:0"] = "penalty=40 tcp:127.0.0.1:5432",
            ["Legion:Legions:0:HealthChecks:1"] = "http://127.0.0.1:8080/health",
        };
        var section = new ConfigurationBuilder().AddInMemoryCollection(data).Build().GetSection("Legion");

        var checks = LegionConfiguration.FromConfiguration(section).Options.Legions.Single().HealthChecks;

        Assert.Equal([HealthPenalty.Of(40), HealthPenalty.MakesIneligible], checks.Select(c => c.Penalty));
        Assert.Equal("Legion:Legions:0:HealthChecks:0", checks[0].Source);

        data["Legion:Legions:0:HealthChecks:1"] = "http://127.0.0.1:8080/health timeout=1s";
        var error = Assert.Throws<LegionConfigurationException>(() =>
            LegionConfiguration.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(data).Build().GetSection("Legion")));
        Assert.Equal("Legion:Legions:0:HealthChecks:1", error.SourceName);
    }

    [Fact]
    public void Checks_built_in_code_are_validated_with_the_same_rules()
    {
        var legion = UwsgiOptions.FromCommandLine(Web).Options.Legions.Single();
        var good = LegionHealthCheckSpec.Parse("penalty=5 cmd:true");
        new LegionOptions { Legions = [legion with { HealthChecks = [good] }] }.Validate();

        var slow = good with { Timeout = TimeSpan.FromSeconds(10), Source = "Program.cs" };
        var error = Assert.Throws<LegionConfigurationException>(new LegionOptions { Legions = [legion with { HealthChecks = [slow] }] }.Validate);
        Assert.Equal("Program.cs", error.SourceName);
        Assert.Contains("longer than its interval", error.Message, StringComparison.Ordinal);

        var twins = new LegionOptions { Legions = [legion with { HealthChecks = [good, good with { Interval = TimeSpan.FromSeconds(9) }] }] };
        Assert.Contains("two health checks labelled 'cmd:true'", Assert.Throws<LegionConfigurationException>(twins.Validate).Message, StringComparison.Ordinal);

        var nothing = good with { Penalty = HealthPenalty.None };
        Assert.Contains("penalty 'none' is out of range",
            Assert.Throws<LegionConfigurationException>(new LegionOptions { Legions = [legion with { HealthChecks = [nothing] }] }.Validate).Message, StringComparison.Ordinal);

        Assert.Throws<LegionConfigurationException>(() => LegionHealthCheckSpec.Parse("gopher:x"));
    }

    [Fact]
    public void The_option_is_a_known_legion_option_and_listed_in_the_host_help()
    {
        Assert.Contains("legion-health", UwsgiOptionTable.Implemented);
        Assert.Contains("--legion-health NAME", Legion.Host.HelpText.Usage, StringComparison.Ordinal);
    }
}
