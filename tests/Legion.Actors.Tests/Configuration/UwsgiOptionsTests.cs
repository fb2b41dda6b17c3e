using Legion.Actors.Configuration;
using Legion.Actors.Model;

namespace Legion.Actors.Tests.Configuration;

public class UwsgiOptionsTests
{
    private const string Web = $"legion = web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret}\n";

    private static LegionConfigurationResult Build(string ini, LegionConfigurationSettings? settings = null) =>
        UwsgiOptions.Build(UwsgiIniFile.Parse("[uwsgi]\n" + ini, "node.ini"), settings);

    private static LegionDefinition Legion(string ini) => Assert.Single(Build(ini).Options.Legions);

    [Fact]
    public void A_legion_declaration_fills_every_field()
    {
        var legion = Legion($"legion = web 127.0.0.1:2000 90 AES-128-CBC:{Secrets.Secret} {Secrets.Iv}\n");
        Assert.Equal("web", legion.Name);
        Assert.Equal(NodeAddress.Udp("127.0.0.1", 2000), legion.Address);
        Assert.Equal(90, legion.Valor);
        Assert.Equal("aes-128-cbc", legion.Cipher);
        Assert.Equal(Secrets.Secret, legion.Secret);
        Assert.Equal(Secrets.Iv, legion.Iv);
        Assert.Equal("node.ini:2", legion.Source);
        Assert.False(legion.Multicast);
        Assert.Empty(legion.Nodes);
    }

    [Fact]
    public void The_iv_is_everything_after_the_first_space_following_the_secret_spaces_included() =>
        Assert.Equal("one two", Legion($"legion = web 127.0.0.1:2000 90 bf-cbc:{Secrets.Secret} one two\n").Iv);

    [Fact]
    public void An_address_without_a_colon_is_a_unix_datagram_socket() =>
        Assert.Equal(NodeAddress.Unix("/run/legion.sock"), Legion($"legion = web /run/legion.sock 90 bf-cbc:{Secrets.Secret}\n").Address);

    [Fact]
    public void An_empty_host_binds_every_interface_as_uwsgi_does() =>
        Assert.Equal(NodeAddress.Udp("0.0.0.0", 2000), Legion($"legion = web :2000 90 bf-cbc:{Secrets.Secret}\n").Address);

    [Fact]
    public void A_host_name_is_accepted() =>
        Assert.Equal("node-1.example.org", Legion($"legion = web node-1.example.org:2000 90 bf-cbc:{Secrets.Secret}\n").Address.Host);

    [Fact]
    public void Valor_zero_makes_an_arbiter_and_65535_is_the_largest() =>
        Assert.Equal([0, 65535], Build($"legion = a 127.0.0.1:2000 0 bf-cbc:{Secrets.Secret}\nlegion = b 127.0.0.1:2001 65535 bf-cbc:{Secrets.Secret}\n")
            .Options.Legions.Select(l => (int)l.Valor));

    [Fact]
    public void Legion_mcast_is_legion_plus_a_node_at_the_group_address()
    {
        var legion = Legion($"legion-mcast = vip 225.1.1.1:4242 98 bf-cbc:{Secrets.Secret}\n");
        Assert.True(legion.Multicast);
        Assert.Equal([NodeAddress.Udp("225.1.1.1", 4242)], legion.Nodes);
    }

    [Fact]
    public void A_plain_legion_on_a_multicast_address_is_multicast_too_because_uwsgi_decides_by_address()
    {
        var legion = Legion($"legion = vip 239.0.0.1:4242 98 bf-cbc:{Secrets.Secret}\n");
        Assert.True(legion.Multicast);
        Assert.Empty(legion.Nodes);
    }

    [Fact]
    public void Legion_mcast_on_a_unicast_address_works_as_in_uwsgi_with_a_warning()
    {
        var result = Build($"legion-mcast = vip 127.0.0.1:4242 98 bf-cbc:{Secrets.Secret}\n");
        Assert.False(Assert.Single(result.Options.Legions).Multicast);
        Assert.Contains(result.Warnings, w => w.StartsWith("node.ini:2: legion-mcast address 127.0.0.1:4242", StringComparison.Ordinal));
    }

    [Fact]
    public void Nodes_quorum_and_scroll_attach_to_their_legion()
    {
        var legion = Legion(Web + "legion-node = web 127.0.0.1:2001\nlegion-node = web node3:2002\nlegion-quorum = web 2\nlegion-scroll = web hello world\n");
        Assert.Equal([NodeAddress.Udp("127.0.0.1", 2001), NodeAddress.Udp("node3", 2002)], legion.Nodes);
        Assert.Equal(2, legion.Quorum);
        Assert.Equal("hello world", legion.Scroll);
    }

    [Fact]
    public void A_unix_legion_may_announce_to_unix_nodes_as_an_extension()
    {
        var legion = Legion($"legion = web /run/a.sock 90 bf-cbc:{Secrets.Secret}\nlegion-node = web /run/b.sock\n");
        Assert.Equal([NodeAddress.Unix("/run/b.sock")], legion.Nodes);
    }

    [Fact]
    public void Listing_a_node_twice_warns_that_announces_go_twice()
    {
        var result = Build(Web + "legion-node = web 127.0.0.1:2001\nlegion-node = web 127.0.0.1:2001\n");
        Assert.Equal(2, Assert.Single(result.Options.Legions).Nodes.Count);
        Assert.Contains(result.Warnings, w => w.StartsWith("node.ini:4:", StringComparison.Ordinal) && w.Contains("node.ini:3"));
    }

    [Fact]
    public void Every_event_option_appends_an_action_in_declaration_order()
    {
        var legion = Legion(Web +
            "legion-setup = web log:setup\nlegion-join = web log:join\nlegion-lord = web cmd:ip addr add 10.0.0.9/24 dev eth0\n" +
            "legion-lord = web exec:/bin/true\nlegion-unlord = web signal:17\nlegion-death = web alarm:pager legion down\n" +
            "legion-node-joined = web log:\nlegion-node-left = web log:left: a node\nalarm = pager log:\n");
        Assert.Equal(
            [
                new LegionActionSpec(LegionEvent.Setup, "log", "setup", "node.ini:3"),
                new LegionActionSpec(LegionEvent.Join, "log", "join", "node.ini:4"),
                new LegionActionSpec(LegionEvent.Lord, "cmd", "ip addr add 10.0.0.9/24 dev eth0", "node.ini:5"),
                new LegionActionSpec(LegionEvent.Lord, "exec", "/bin/true", "node.ini:6"),
                new LegionActionSpec(LegionEvent.Unlord, "signal", "17", "node.ini:7"),
                new LegionActionSpec(LegionEvent.Death, "alarm", "pager legion down", "node.ini:8"),
                new LegionActionSpec(LegionEvent.NodeJoined, "log", "", "node.ini:9"),
                new LegionActionSpec(LegionEvent.NodeLeft, "log", "left: a node", "node.ini:10"),
            ],
            legion.Actions);
    }

    [Fact]
    public void A_host_can_register_more_action_kinds()
    {
        var settings = new LegionConfigurationSettings { ActionKinds = [.. LegionActionKinds.Default, "http"] };
        var legion = Assert.Single(Build(Web + "legion-lord = web http:http://127.0.0.1/lord\n", settings).Options.Legions);
        Assert.Equal(("http", "http://127.0.0.1/lord"), (legion.Actions[0].Kind, legion.Actions[0].Argument));
    }

    [Fact]
    public void Defaults_match_uwsgi_when_nothing_is_set()
    {
        var options = Build(Web).Options;
        Assert.Equal(TimeSpan.FromSeconds(3), options.Frequency);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Tolerance);
        Assert.Equal(TimeSpan.FromSeconds(30), options.SkewTolerance);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ActionTimeout);
        Assert.Equal(TimeSpan.Zero, options.DeathOnLordError);
        Assert.Equal(4096, options.ScrollMaxSize);
        Assert.Equal(32768, options.ScrollListMaxSize);
        Assert.Equal(1, options.MulticastTtl);
        Assert.True(options.MulticastLoop);
        Assert.Null(options.StatsAddress);
        Assert.Empty(options.Unsupported);
        Assert.Equal("node.ini", options.Origin);
    }

    [Fact]
    public void Process_wide_options_are_read_in_uwsgi_syntax_and_with_units()
    {
        var options = Build(Web + "legion-freq = 250ms\nlegion-tolerance = 1.5\nlegion-skew-tolerance = 2m\nlegion-action-timeout = 10s\n" +
            "legion-death-on-lord-error = 30\nstats-server = 127.0.0.1:9191\nlegion-scroll-list-max-size = 65536\nmulticast-ttl = 4\nmulticast-loop = 0\n").Options;
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Frequency);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Tolerance);
        Assert.Equal(TimeSpan.FromMinutes(2), options.SkewTolerance);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ActionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DeathOnLordError);
        Assert.Equal("127.0.0.1:9191", options.StatsAddress);
        Assert.Equal(65536, options.ScrollListMaxSize);
        Assert.Equal(4, options.MulticastTtl);
        Assert.False(options.MulticastLoop);
    }

    [Fact]
    public void The_last_value_of_a_repeated_option_wins_as_when_the_command_line_follows_an_ini() =>
        Assert.Equal(TimeSpan.FromSeconds(1), Build(Web + "legion-freq = 2\nlegion-freq = 1\n").Options.Frequency);

    [Fact]
    public void Zero_for_a_timer_means_the_default_as_in_uwsgi_with_a_warning()
    {
        var result = Build(Web + "legion-freq = 0\n");
        Assert.Equal(LegionOptions.DefaultFrequency, result.Options.Frequency);
        Assert.Contains("node.ini:3: legion-freq 0 means the default in uWSGI 2.0; the default is used", result.Warnings);
    }

    [Fact]
    public void A_tolerance_under_twice_the_frequency_is_a_warning_not_an_error()
    {
        var result = Build(Web + "legion-freq = 2\nlegion-tolerance = 3\n");
        Assert.Equal(TimeSpan.FromSeconds(3), result.Options.Tolerance);
        Assert.Contains(result.Warnings, w => w.StartsWith("node.ini:4: legion-tolerance 3s is less than twice legion-freq 2s", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scroll_exactly_at_the_maximum_fits()
    {
        var legion = Legion(Web + "legion-scroll-max-size = 5\nlegion-scroll = web 12345\n");
        Assert.Equal("12345", legion.Scroll);
    }

    [Fact]
    public void A_scroll_size_set_after_a_legion_warns_that_uwsgi_would_apply_it_only_to_later_legions() =>
        Assert.Contains(Build(Web + "legion-scroll-max-size = 100\n").Warnings,
            w => w.StartsWith("node.ini:3: legion-scroll-max-size comes after a legion declaration", StringComparison.Ordinal));

    [Fact]
    public void Lord_only_cron_and_daemon_options_are_parsed_into_their_legion_and_nothing_is_left_unsupported()
    {
        var result = Build(Web + "legion-cron = web -1 -1 -1 -1 -1 /usr/bin/backup\nlegion-attach-daemon = web memcached -p 11311\nunique-cron-legion = web 0 3 -1 -1 -1 vacuum\n");
        var legion = Assert.Single(result.Options.Legions);
        Assert.Empty(result.Options.Unsupported);
        Assert.Equal(["/usr/bin/backup", "vacuum"], legion.Crons.Select(c => c.Command));
        Assert.Equal([false, true], legion.Crons.Select(c => c.Unique));
        Assert.Equal("memcached -p 11311", Assert.Single(legion.Daemons).Command);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("not supported", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_legion_options_in_an_ini_are_ignored_with_one_warning_naming_each_once()
    {
        var result = Build("master = true\nsocket = :3031\n" + Web + "processes = 4\nsocket = :3032\nmodule = app:application\n");
        Assert.Single(result.Options.Legions);
        Assert.Equal(["ignoring non-legion uWSGI options: master, socket, processes, module"], result.Warnings);
    }

    [Fact]
    public void Environment_placeholders_feed_the_secret_without_writing_it_in_the_file()
    {
        var settings = new LegionConfigurationSettings { GetEnvironmentVariable = name => name == "LEGION_SECRET" ? Secrets.Secret : null };
        var legion = Assert.Single(Build("legion = web 127.0.0.1:2000 90 aes-128-cbc:$(LEGION_SECRET)\n", settings).Options.Legions);
        Assert.Equal(Secrets.Secret, legion.Secret);
    }

    [Fact]
    public void An_unset_environment_variable_is_kept_as_written_as_in_uwsgi_with_a_warning()
    {
        var settings = new LegionConfigurationSettings { GetEnvironmentVariable = _ => null };
        var result = Build("legion = web 127.0.0.1:2000 90 aes-128-cbc:s3cret\nlegion-scroll = web role=$(ROLE)\n", settings);
        Assert.Equal("role=$(ROLE)", Assert.Single(result.Options.Legions).Scroll);
        Assert.Contains(result.Warnings, w => w.StartsWith("node.ini:3: environment variable ROLE is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unset_environment_variable_in_the_secret_is_refused_rather_than_kept_as_a_public_key()
    {
        var settings = new LegionConfigurationSettings { GetEnvironmentVariable = _ => null };
        var error = Assert.Throws<LegionConfigurationException>(() => Build("legion = web 127.0.0.1:2000 90 aes-128-cbc:$(LEGION_SECRET)\n", settings));
        Assert.StartsWith("node.ini:2: environment variable LEGION_SECRET is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Option_placeholders_refer_to_any_option_even_non_legion_ones()
    {
        var legion = Legion($"base-port = 2000\nmy-ip = 10.1.2.3\nlegion = web %(my-ip):%(base-port) 90 bf-cbc:{Secrets.Secret}\nlegion-node = web 10.1.2.4:%(base-port + 1)\n");
        Assert.Equal(NodeAddress.Udp("10.1.2.3", 2000), legion.Address);
        Assert.Equal(NodeAddress.Udp("10.1.2.4", 2001), legion.Nodes[0]);
    }

    [Fact]
    public void File_placeholders_read_a_secret_file_without_its_trailing_newline()
    {
        using var dir = new TempDirectory();
        var secretFile = dir.Write("secret", Secrets.Secret + "\n");
        Assert.Equal(Secrets.Secret, Legion($"legion = web 127.0.0.1:2000 90 bf-cbc:@({secretFile})\n").Secret);
    }

    [Fact]
    public void A_world_readable_secret_file_gets_a_warning_without_the_secret()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var secretFile = dir.Write("secret", Secrets.Secret, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var warning = Assert.Single(Build($"legion = web 127.0.0.1:2000 90 bf-cbc:@({secretFile})\n").Warnings);
        Assert.StartsWith($"node.ini:2: @({secretFile}) feeds a legion declaration but is readable by group/others", warning, StringComparison.Ordinal);
        Secrets.AssertAbsent(warning);
    }

    [Fact]
    public void A_missing_file_placeholder_in_an_ignored_option_does_not_stop_the_legion()
    {
        var result = Build(Web + "logto = @(/nonexistent/logfile)\n");
        Assert.Single(result.Options.Legions);
        Assert.Equal(["ignoring non-legion uWSGI options: logto"], result.Warnings);
    }

    [Fact]
    public void Config_logic_around_non_legion_options_is_ignored_like_them() =>
        Assert.Equal(["ignoring non-legion uWSGI options: if-env, processes, endif"],
            Build(Web + "if-env = PRODUCTION\nprocesses = 8\nendif =\n").Warnings);

    [Fact]
    public void No_warning_or_result_text_ever_shows_the_secret()
    {
        var result = Build($"legion = web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret}{Secrets.Secret}{Secrets.Secret} {Secrets.Iv}{Secrets.Iv}\n" +
            "master = true\nlegion-freq = 2\nlegion-tolerance = 3\nlegion-cron = web -1 -1 -1 -1 -1 true\n");
        Assert.NotEmpty(result.Warnings);
        foreach (var warning in result.Warnings)
        {
            Secrets.AssertAbsent(warning);
        }

        Secrets.AssertAbsent(result.Options.ToString());
        Secrets.AssertAbsent(result.Options.Legions[0].ToString());
    }

    [Fact]
    public void An_IPv6_address_in_brackets_is_accepted_as_an_extension()
    {
        var legion = Legion($"legion = web [::1]:2000 90 aes-128-cbc:{Secrets.Secret}\nlegion-node = web [::1]:2001\n");
        Assert.Equal(NodeAddress.Udp("::1", 2000), legion.Address);
        Assert.Equal("[::1]:2001", legion.Nodes[0].ToString());
        Assert.True(legion.Address.IsIPv6);
    }

    [Theory]
    [InlineData("legion = web [::1]:2000 90 aes-128-cbc:x\nlegion-node = web 127.0.0.1:2001\n", "not the same IP version")]
    [InlineData("legion = web [ff02::1]:2000 90 aes-128-cbc:x\n", "IPv6 multicast group")]
    [InlineData("legion = web [::1]2000 90 aes-128-cbc:x\n", "is not [IPV6]:PORT")]
    [InlineData("legion = web [fe80::zz]:2000 90 aes-128-cbc:x\n", "not an IPv6 address")]
    [InlineData("legion = web ::1:2000 90 aes-128-cbc:x\n", "looks like IPv6")]
    public void Malformed_or_mixed_IPv6_addresses_are_errors(string ini, string problem)
    {
        var error = Assert.Throws<LegionConfigurationException>(() => Build(ini));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
