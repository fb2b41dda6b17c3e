using Legion.Actors.Configuration;
using Xunit.Abstractions;
using static Legion.Actors.Tests.Configuration.Secrets;

namespace Legion.Actors.Tests.Configuration;

/// <summary>
/// Malformed inputs, each of which must stop the configuration with an error that names where the problem is
/// (<c>file:line</c> or <c>--option (argument N)</c>), quotes the offending part, and never shows the secret or
/// IV. Ini cases are written to <c>bad.ini</c> in a temp folder (<c>{ini}</c> in sources and arguments).
/// </summary>
public class MalformedConfigurationCorpusTests(ITestOutputHelper output)
{
    private const string Web = $"legion = web 127.0.0.1:2000 90 aes-128-cbc:{Secret} {Iv}";

    /// <summary>One malformed input; also run through the `legion` host by Harness/HostileConfigurationTests.</summary>
    internal sealed record Case(string? Ini, string[]? Args, string Source, string[] Contains, bool Validate = false);

    private static Case Ini(string body, string source, params string[] contains) => new("[uwsgi]\n" + body + "\n", null, source, contains);

    private static Case Cli(string[] args, string source, params string[] contains) => new(null, args, source, contains);

    internal static readonly Dictionary<string, Case> Cases = new()
    {
        // legion = NAME ADDR VALOR CIPHER:SECRET [IV]
        ["legion_with_only_name_and_address"] = Ini("legion = web 127.0.0.1:2000", "{ini}:2", "only 2 of the 4", "NAME ADDR VALOR CIPHER:SECRET"),
        ["legion_with_only_a_cipher_and_secret"] = Ini($"legion = aes-128-cbc:{Secret}", "{ini}:2", "only 1 of the 4", "aes-128-cbc:***"),
        ["legion_with_valor_missing"] = Ini($"legion = web 127.0.0.1:2000 aes-128-cbc:{Secret}", "{ini}:2", "only 3 of the 4"),
        ["legion_with_secret_but_no_cipher"] = Ini($"legion = web 127.0.0.1:2000 90 {Secret}", "{ini}:2", "CIPHER:SECRET", "no ':'"),
        ["legion_with_empty_value"] = Ini("legion", "{ini}:2", "value is empty"),
        ["legion_with_two_spaces"] = Ini($"legion = web  127.0.0.1:2000 90 aes-128-cbc:{Secret}", "{ini}:2", "ADDR is empty"),
        ["valor_not_a_number"] = Ini($"legion = web 127.0.0.1:2000 ninety aes-128-cbc:{Secret} {Iv}", "{ini}:2", "valor 'ninety'"),
        ["valor_70000"] = Ini($"legion = web 127.0.0.1:2000 70000 aes-128-cbc:{Secret} {Iv}", "{ini}:2", "valor 70000", "0..65535", "16 bits"),
        ["valor_negative"] = Ini($"legion = web 127.0.0.1:2000 -5 aes-128-cbc:{Secret}", "{ini}:2", "valor '-5'"),
        ["valor_with_trailing_garbage_that_uwsgi_would_drop"] = Ini($"legion = web 127.0.0.1:2000 90x aes-128-cbc:{Secret}", "{ini}:2", "valor '90x'"),
        ["port_zero"] = Ini($"legion = web 127.0.0.1:0 90 aes-128-cbc:{Secret}", "{ini}:2", "port '0'", "1..65535"),
        ["port_70000"] = Ini($"legion = web 127.0.0.1:70000 90 aes-128-cbc:{Secret}", "{ini}:2", "port '70000'"),
        ["port_not_a_number"] = Ini($"legion = web 127.0.0.1:http 90 aes-128-cbc:{Secret} {Iv}", "{ini}:2", "port 'http'"),
        ["host_not_an_ipv4_address"] = Ini($"legion = web 300.1.1.1:2000 90 aes-128-cbc:{Secret}", "{ini}:2", "host '300.1.1.1'"),
        ["host_with_bad_characters"] = Ini($"legion = web web!server:2000 90 aes-128-cbc:{Secret}", "{ini}:2", "host 'web!server'"),
        ["ipv6_address"] = Ini($"legion = web ::1:2000 90 aes-128-cbc:{Secret}", "{ini}:2", "IPv6"),
        ["unknown_cipher"] = Ini($"legion = web 127.0.0.1:2000 90 des-cbc:{Secret} {Iv}", "{ini}:2", "unknown cipher 'des-cbc'", "aes-128-cbc, aes-192-cbc, aes-256-cbc, bf-cbc, des-ede3-cbc, camellia-128-cbc, camellia-192-cbc, camellia-256-cbc, cast5-cbc"),
        ["empty_secret"] = Ini("legion = web 127.0.0.1:2000 90 aes-128-cbc:", "{ini}:2", "secret is empty"),
        ["duplicate_legion"] = Ini($"{Web}\nlegion = web 127.0.0.1:2001 80 bf-cbc:{Secret}", "{ini}:3", "'web' is already declared at {ini}:2"),
        ["legion_mcast_on_a_unix_path"] = Ini($"legion-mcast = vip /run/vip.sock 90 bf-cbc:{Secret}", "{ini}:2", "'/run/vip.sock' has no ':PORT'"),
        ["unix_path_too_long"] = Ini($"legion = web /{new string('a', 120)} 90 bf-cbc:{Secret}", "{ini}:2", "longer than 107 bytes"),

        // options that name a legion
        ["node_for_an_undeclared_legion"] = Ini($"{Web}\nlegion-node = api 127.0.0.1:2001", "{ini}:3", "legion 'api'", "declared before it: web"),
        ["node_before_any_legion"] = Ini($"legion-node = web 127.0.0.1:2001\n{Web}", "{ini}:2", "legion 'web'", "no legion is declared yet"),
        ["node_without_address"] = Ini($"{Web}\nlegion-node = web", "{ini}:3", "needs NAME ADDR"),
        ["node_with_a_unix_path_for_a_udp_legion"] = Ini($"{Web}\nlegion-node = web /run/x.sock", "{ini}:3", "'/run/x.sock' has no ':PORT'"),
        ["node_port_70000"] = Ini($"{Web}\nlegion-node = web 127.0.0.1:70000", "{ini}:3", "port '70000'"),
        ["cli_node_with_an_empty_legion_name"] = Cli(["--legion", Web[9..], "--legion-node", " web 127.0.0.1:2001"], "--legion-node (argument 3)", "legion name is empty"),
        ["negative_quorum"] = Ini($"{Web}\nlegion-quorum = web -1", "{ini}:3", "quorum -1 is negative"),
        ["quorum_not_a_number"] = Ini($"{Web}\nlegion-quorum = web two", "{ini}:3", "quorum 'two'"),
        ["quorum_for_an_undeclared_legion"] = Ini($"{Web}\nlegion-quorum = api 2", "{ini}:3", "legion 'api'"),
        ["scroll_over_the_maximum"] = Ini($"legion-scroll-max-size = 8\n{Web}\nlegion-scroll = web 123456789", "{ini}:4", "9 bytes", "at most 8 bytes"),
        ["scroll_over_the_default_maximum"] = Ini($"{Web}\nlegion-scroll = web {new string('x', 4097)}", "{ini}:3", "4097 bytes", "at most 4096"),
        ["scroll_max_size_over_16_bits"] = Ini("legion-scroll-max-size = 70000", "{ini}:2", "legion-scroll-max-size 70000", "0..65535"),

        // actions
        ["unknown_event"] = Ini($"{Web}\nlegion-foo = web log:x", "{ini}:3", "unknown legion option 'legion-foo'", "legion-lord"),
        ["action_without_kind"] = Ini($"{Web}\nlegion-lord = web echo I am the Lord", "{ini}:3", "action 'echo I am the Lord' has no KIND:", "cmd, exec, log, signal, alarm"),
        ["action_of_unknown_kind"] = Ini($"{Web}\nlegion-lord = web http:127.0.0.1/lord", "{ini}:3", "unknown action kind 'http'", "cmd, exec, log, signal, alarm"),
        ["action_for_an_undeclared_legion"] = Ini($"{Web}\nlegion-unlord = api log:x", "{ini}:3", "legion-unlord names legion 'api'"),
        ["action_with_nothing_after_the_legion"] = Ini($"{Web}\nlegion-death = web", "{ini}:3", "needs NAME ACTION"),

        // durations and process-wide options
        ["frequency_not_a_duration"] = Ini("legion-freq = abc", "{ini}:2", "legion-freq 'abc'", "250ms"),
        ["frequency_negative"] = Ini("legion-freq = -1", "{ini}:2", "legion-freq '-1'"),
        ["tolerance_with_a_bad_unit"] = Ini("legion-tolerance = 1.5x", "{ini}:2", "legion-tolerance '1.5x'"),
        ["tolerance_not_longer_than_frequency"] = Ini($"{Web}\nlegion-freq = 5\nlegion-tolerance = 5", "{ini}:4", "legion-tolerance 5s, legion-freq 5s"),
        ["frequency_raised_above_the_default_tolerance"] = Ini($"{Web}\nlegion-freq = 20", "{ini}:3", "legion-tolerance 15s, legion-freq 20s"),
        ["skew_tolerance_under_a_second"] = Ini("legion-skew-tolerance = 500ms", "{ini}:2", "500ms is under one second"),
        ["action_timeout_zero"] = Ini("legion-action-timeout = 0", "{ini}:2", "legion-action-timeout must be positive"),
        ["death_on_lord_error_not_a_duration"] = Ini("legion-death-on-lord-error = soon", "{ini}:2", "'soon'"),
        ["stats_on_a_unix_socket"] = Ini("stats = /run/stats.sock", "{ini}:2", "'/run/stats.sock' has no ':PORT'"),
        ["stats_port_zero"] = Ini("stats = 127.0.0.1:0", "{ini}:2", "port '0'"),
        ["multicast_ttl_300"] = Ini("multicast-ttl = 300", "{ini}:2", "multicast-ttl 300 is out of range", "0..255"),

        // reading the configuration itself
        ["legion_option_inside_config_logic"] = Ini($"if-env = PRODUCTION\n{Web}\nendif =", "{ini}:3", "inside uWSGI configuration logic", "if-env"),
        ["ini_that_does_not_exist"] = Ini("ini = {dir}/missing.ini", "{ini}:2", "missing.ini"),
        ["yaml_include"] = Ini("include = more.yml", "{ini}:2", "more.yml", "cannot read"),
        ["placeholders_that_refer_to_each_other"] = Ini("a = %(b)\nb = %(a)", "{ini}:2", "keep expanding"),
        ["set_without_equals"] = Ini("set = foo", "{ini}:2", "NAME=VALUE"),
        ["secret_file_that_does_not_exist"] = Ini("legion = web 127.0.0.1:2000 90 aes-128-cbc:@({dir}/nosuchfile)", "{ini}:2", "nosuchfile"),
        ["no_legion_at_all"] = new("[uwsgi]\nmaster = true\n", null, "{ini}", ["no legion declared"], Validate: true),

        // command line
        ["cli_legion_without_value"] = Cli(["--legion"], "--legion (argument 1)", "'--legion' needs a value"),
        ["cli_legion_followed_by_another_option"] = Cli(["--legion", "--legion-node", "web 127.0.0.1:2001"], "--legion (argument 1)", "needs a value"),
        ["cli_legion_with_empty_equals"] = Cli(["--legion="], "--legion (argument 1)", "value is empty"),
        ["cli_misspelt_legion_option"] = Cli([$"--legoin=web 127.0.0.1:2000 90 aes-128-cbc:{Secret} {Iv}"], "--legoin (argument 1)", "unknown option '--legoin'", "aes-128-cbc:***"),
        ["cli_unknown_uwsgi_option"] = Cli(["--harakiri-verbose"], "--harakiri-verbose (argument 1)", "unknown option", "--master"),
        ["cli_unknown_short_option"] = Cli(["-x"], "-x (argument 1)", "unknown short option"),
        ["cli_bare_argument"] = Cli(["web"], "web (argument 1)", "unexpected argument"),
        ["cli_valor_70000"] = Cli(["--master", "--legion", $"web 127.0.0.1:2000 70000 aes-128-cbc:{Secret} {Iv}"], "--legion (argument 2)", "valor 70000"),
        ["cli_node_before_the_ini_that_declares_it"] = new($"[uwsgi]\n{Web}\n", ["--legion-node", "web 127.0.0.1:2001", "--ini", "{ini}"], "--legion-node (argument 1)", ["legion 'web'"]),
        ["cli_ini_that_does_not_exist"] = Cli(["--ini", "{dir}/missing.ini"], "--ini (argument 1)", "missing.ini"),
        ["cli_error_inside_an_ini"] = new($"[uwsgi]\nmaster = true\nlegion = web 127.0.0.1:2000 90 rot13:{Secret}\n", ["--master", "--ini", "{ini}"], "{ini}:3", ["unknown cipher 'rot13'"]),
        // key material in wrong places: the secret or IV declared by `legion` never shows in another option's error
        ["secret_pasted_as_a_node_address"] = Ini($"{Web}\nlegion-node = web aes-128-cbc:{Secret}", "{ini}:3", "port '***'"),
        ["secret_pasted_after_a_node_address"] = Ini($"{Web}\nlegion-node = web 127.0.0.1:2001 {Secret}", "{ini}:3", "node address '127.0.0.1:2001 ***'"),
        ["cipher_and_secret_as_an_action"] = Ini($"{Web}\nlegion-lord = web aes-128-cbc:{Secret}", "{ini}:3", "unknown action kind 'aes-128-cbc'", "legion-lord = web aes-128-cbc:***"),
        ["secret_as_a_quorum"] = Ini($"{Web}\nlegion-quorum = web {Secret}", "{ini}:3", "quorum '***' is not a whole number"),
        ["secret_as_the_stats_address"] = Ini($"{Web}\nstats = {Secret}", "{ini}:3", "stats address '***'"),
        ["iv_as_the_frequency"] = Ini($"{Web}\nlegion-freq = {Iv}", "{ini}:3", "legion-freq '***' is not a duration"),
        ["secret_as_a_scroll_over_the_maximum"] = Ini($"legion-scroll-max-size = 4\n{Web}\nlegion-scroll = web {Secret}", "{ini}:4", "14 bytes", "at most 4 bytes"),
        ["cli_secret_as_a_node_of_a_second_legion"] = Cli(["--legion", Web[9..], "--legion", $"api 127.0.0.1:2002 80 bf-cbc:{Secret}x", "--legion-node", $"api {Secret}x"], "--legion-node (argument 5)", "node address '***' has no ':PORT'"),

        // legion-max-members = NAME N (an extension)
        ["max_members_zero"] = Ini($"{Web}\nlegion-max-members = web 0", "{ini}:3", "max members 0 is out of range", "1..1000000"),
        ["max_members_not_a_number"] = Ini($"{Web}\nlegion-max-members = web many", "{ini}:3", "max members 'many' is not a whole number"),
        ["max_members_for_an_undeclared_legion"] = Ini($"{Web}\nlegion-max-members = api 10", "{ini}:3", "legion-max-members names legion 'api'"),
        ["max_members_without_a_count"] = Ini($"{Web}\nlegion-max-members = web", "{ini}:3", "needs NAME N"),

        // legion-health = NAME [OPTIONS] CHECK (an extension)
        ["health_check_without_a_check"] = Ini($"{Web}\nlegion-health = web interval=2s", "{ini}:3", "has no check", "cmd:COMMAND, tcp:HOST:PORT or http:URL"),
        ["health_check_of_unknown_kind"] = Ini($"{Web}\nlegion-health = web ping:10.0.0.1", "{ini}:3", "'ping:10.0.0.1' is neither a health check option nor a check"),
        ["health_check_timeout_over_interval"] = Ini($"{Web}\nlegion-health = web interval=1s timeout=3s tcp:127.0.0.1:5432", "{ini}:3", "timeout 3s is longer than its interval 1s"),
        ["health_check_penalty_over_16_bits"] = Ini($"{Web}\nlegion-health = web penalty=65536 cmd:true", "{ini}:3", "health check penalty 65536 is out of range", "1..65535"),
        ["health_check_tcp_without_port"] = Ini($"{Web}\nlegion-health = web tcp:db.internal", "{ini}:3", "'db.internal' is not HOST:PORT"),
        ["health_check_for_an_undeclared_legion"] = Ini($"{Web}\nlegion-health = api cmd:true", "{ini}:3", "legion-health names legion 'api'"),
        ["secret_as_a_health_check_option"] = Ini($"{Web}\nlegion-health = web {Secret} cmd:true", "{ini}:3", "'***' is neither a health check option nor a check"),

        // more bad numbers and ranges
        ["multicast_ttl_negative"] = Ini("multicast-ttl = -1", "{ini}:2", "multicast-ttl -1 is negative"),
        ["scroll_list_max_size_not_a_number"] = Ini("legion-scroll-list-max-size = big", "{ini}:2", "'big' is not a whole number"),
        ["stats_port_70000"] = Ini("stats = 127.0.0.1:70000", "{ini}:2", "port '70000'"),
        ["skew_tolerance_not_a_duration"] = Ini("legion-skew-tolerance = yesterday", "{ini}:2", "'yesterday'"),
        ["unknown_event_on_the_command_line"] = Cli(["--legion", Web[9..], "--legion-elected", "web log:x"], "--legion-elected (argument 3)", "unknown option '--legion-elected'"),

        ["cli_duplicate_legion_across_ini_and_command_line"] = new($"[uwsgi]\n{Web}\n", ["--ini", "{ini}", "--legion", $"web 127.0.0.1:2001 80 bf-cbc:{Secret}"], "--legion (argument 3)", ["already declared at {ini}:2"]),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void The_corpus_has_at_least_forty_malformed_inputs() => Assert.True(Cases.Count >= 40, $"only {Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Malformed_input_names_its_source_and_the_offending_part_but_never_the_secret(string name)
    {
        var c = Cases[name];
        using var dir = new TempDirectory();
        var ini = Path.Combine(dir.Path, "bad.ini");
        string Fill(string s) => s.Replace("{ini}", ini).Replace("{dir}", dir.Path);
        if (c.Ini is not null)
        {
            dir.Write("bad.ini", Fill(c.Ini));
        }

        var error = Assert.Throws<LegionConfigurationException>(() =>
        {
            var entries = c.Args is null ? UwsgiIniFile.Read(ini) : UwsgiCommandLine.Parse(c.Args.Select(Fill).ToArray());
            var result = UwsgiOptions.Build(entries, new LegionConfigurationSettings { GetEnvironmentVariable = _ => null });
            if (c.Validate)
            {
                result.Options.Validate();
            }
        });

        // The message is the product here; the test log shows it for review.
        output.WriteLine(error.Message);
        Assert.Equal(Fill(c.Source), error.SourceName);
        Assert.StartsWith(Fill(c.Source) + ": ", error.Message, StringComparison.Ordinal);
        foreach (var part in c.Contains)
        {
            Assert.Contains(Fill(part), error.Message, StringComparison.Ordinal);
        }

        AssertAbsent(error.Message);
        AssertAbsent(error.Value ?? "");
    }
}
