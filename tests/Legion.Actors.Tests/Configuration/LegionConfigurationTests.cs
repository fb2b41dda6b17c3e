using Legion.Actors.Configuration;
using Legion.Actors.Model;
using Microsoft.Extensions.Configuration;

namespace Legion.Actors.Tests.Configuration;

public class LegionConfigurationTests
{
    /// <summary>A "Legion" section; a key given twice takes its last value, so tests can override <see cref="Web"/>.</summary>
    private static IConfigurationSection Section(params (string Key, string? Value)[] values)
    {
        var data = new Dictionary<string, string?>();
        foreach (var (key, value) in values)
        {
            data["Legion:" + key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(data).Build().GetSection("Legion");
    }

    private static readonly (string, string?)[] Web =
    [
        ("Legions:0:Name", "web"), ("Legions:0:Address", "127.0.0.1:2000"), ("Legions:0:Valor", "90"),
        ("Legions:0:Cipher", "aes-128-cbc"), ("Legions:0:Secret", Secrets.Secret),
    ];

    private static LegionConfigurationException Error(params (string, string?)[] values) =>
        Assert.Throws<LegionConfigurationException>(() => LegionConfiguration.FromConfiguration(Section(values)));

    [Fact]
    public void A_structured_section_fills_the_same_options_as_uwsgi_syntax()
    {
        var result = LegionConfiguration.FromConfiguration(Section(
        [
            ("Frequency", "1s"), ("Tolerance", "3s"), ("SkewTolerance", "30s"), ("Stats", "127.0.0.1:9191"), ("ActionTimeout", "5"),
            ("DeathOnLordError", "10s"), ("ScrollMaxSize", "100"), ("MulticastLoop", "false"),
            .. Web,
            ("Legions:0:Iv", Secrets.Iv), ("Legions:0:Nodes:0", "127.0.0.1:2001"), ("Legions:0:Nodes:1", "127.0.0.1:2002"),
            ("Legions:0:Quorum", "2"), ("Legions:0:Scroll", "hello"),
            ("Legions:0:Actions:Lord:0", "log:I am the Lord"), ("Legions:0:Actions:Lord:1", "cmd:touch /tmp/lord"),
            ("Legions:0:Actions:node-joined:0", "log:joined"),
        ]));
        var options = result.Options;
        Assert.Empty(result.Warnings);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)),
            (options.Frequency, options.Tolerance, options.SkewTolerance, options.ActionTimeout, options.DeathOnLordError));
        Assert.Equal(("127.0.0.1:9191", 100, false), (options.StatsAddress, options.ScrollMaxSize, options.MulticastLoop));
        Assert.Equal("Legion", options.Origin);
        var legion = Assert.Single(options.Legions);
        Assert.Equal(("web", NodeAddress.Udp("127.0.0.1", 2000), (ushort)90, "aes-128-cbc", Secrets.Secret, Secrets.Iv),
            (legion.Name, legion.Address, legion.Valor, legion.Cipher, legion.Secret, legion.Iv));
        Assert.Equal([NodeAddress.Udp("127.0.0.1", 2001), NodeAddress.Udp("127.0.0.1", 2002)], legion.Nodes);
        Assert.Equal((2, "hello", "Legion:Legions:0"), (legion.Quorum, legion.Scroll, legion.Source));
        Assert.Equal(
            [
                new LegionActionSpec(LegionEvent.Lord, "log", "I am the Lord", "Legion:Legions:0:Actions:Lord:0"),
                new LegionActionSpec(LegionEvent.Lord, "cmd", "touch /tmp/lord", "Legion:Legions:0:Actions:Lord:1"),
                new LegionActionSpec(LegionEvent.NodeJoined, "log", "joined", "Legion:Legions:0:Actions:node-joined:0"),
            ],
            legion.Actions.OrderBy(a => a.Event).ThenBy(a => a.Source));
    }

    [Fact]
    public void Multicast_true_is_legion_mcast()
    {
        var legion = Assert.Single(LegionConfiguration.FromConfiguration(Section(
            ("Legions:0:Name", "vip"), ("Legions:0:Address", "225.1.1.1:4242"), ("Legions:0:Valor", "98"),
            ("Legions:0:Cipher", "bf-cbc"), ("Legions:0:Secret", Secrets.Secret), ("Legions:0:Multicast", "true"))).Options.Legions);
        Assert.True(legion.Multicast);
        Assert.Equal([NodeAddress.Udp("225.1.1.1", 4242)], legion.Nodes);
    }

    [Fact]
    public void The_uwsgi_form_feeds_the_same_parser_with_configuration_paths_as_sources()
    {
        var result = LegionConfiguration.FromConfiguration(Section(
            ("Uwsgi:legion-node:0", "web 127.0.0.1:2001"),
            ("Uwsgi:legion:0", $"web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret}"),
            ("Uwsgi:legion-lord:0", "web log:lord"),
            ("Uwsgi:legion-freq", "1"), ("Uwsgi:legion-tolerance", "4"), ("Uwsgi:master", "true")));
        var legion = Assert.Single(result.Options.Legions);
        Assert.Equal("Legion:Uwsgi:legion:0", legion.Source);
        Assert.Equal([NodeAddress.Udp("127.0.0.1", 2001)], legion.Nodes);
        Assert.Equal(TimeSpan.FromSeconds(1), result.Options.Frequency);
        Assert.Equal(["ignoring non-legion uWSGI options: master"], result.Warnings);
    }

    [Fact]
    public void Uwsgi_form_options_may_name_a_structured_legion()
    {
        var legion = Assert.Single(LegionConfiguration.FromConfiguration(Section([.. Web, ("Uwsgi:legion-quorum", "web 3")])).Options.Legions);
        Assert.Equal(3, legion.Quorum);
    }

    [Fact]
    public void A_value_set_in_both_forms_warns_that_the_uwsgi_form_wins()
    {
        var result = LegionConfiguration.FromConfiguration(Section([.. Web, ("Frequency", "2"), ("Uwsgi:legion-freq", "1")]));
        Assert.Equal(TimeSpan.FromSeconds(1), result.Options.Frequency);
        Assert.Contains("Legion:Uwsgi:legion-freq: legion-freq overrides the value set at Legion:Frequency", result.Warnings);
    }

    [Fact]
    public void An_ini_key_in_the_uwsgi_form_reads_that_file()
    {
        using var dir = new TempDirectory();
        var ini = dir.Write("legion.ini", $"[uwsgi]\nlegion = web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret}\n");
        var legion = Assert.Single(LegionConfiguration.FromConfiguration(Section(("Uwsgi:ini", ini), ("Uwsgi:legion-quorum", "web 2"))).Options.Legions);
        Assert.Equal(($"{ini}:2", 2), (legion.Source, legion.Quorum));
    }

    [Fact]
    public void A_bad_valor_names_its_configuration_path()
    {
        var error = Error([.. Web, ("Legions:0:Valor", "70000")]);
        Assert.Equal("Legion:Legions:0:Valor", error.SourceName);
        Assert.Contains("70000", error.Message);
        Secrets.AssertAbsent(error.Message);
    }

    [Fact]
    public void A_missing_secret_names_its_path_and_shows_no_value()
    {
        var error = Error([.. Web, ("Legions:0:Secret", "")]);
        Assert.Equal("Legion:Legions:0:Secret", error.SourceName);
        Assert.Null(error.Value);
    }

    [Fact]
    public void A_misspelt_key_is_an_error_not_a_silent_default()
    {
        var error = Error([.. Web, ("Frequncy", "1s")]);
        Assert.Equal("Legion:Frequncy", error.SourceName);
        Assert.Contains("Frequency", error.Message);
    }

    [Fact]
    public void A_misspelt_legion_field_is_an_error()
    {
        var error = Error([.. Web, ("Legions:0:Quorom", "2")]);
        Assert.Equal("Legion:Legions:0:Quorom", error.SourceName);
    }

    [Fact]
    public void An_unknown_event_names_its_path() =>
        Assert.Equal("Legion:Legions:0:Actions:Crowned", Error([.. Web, ("Legions:0:Actions:Crowned:0", "log:x")]).SourceName);

    [Fact]
    public void An_action_of_unknown_kind_names_its_path() =>
        Assert.Equal("Legion:Legions:0:Actions:Lord:0", Error([.. Web, ("Legions:0:Actions:Lord:0", "http:x")]).SourceName);

    [Fact]
    public void A_bad_node_names_its_index() =>
        Assert.Equal("Legion:Legions:0:Nodes:1", Error([.. Web, ("Legions:0:Nodes:0", "127.0.0.1:2001"), ("Legions:0:Nodes:1", "127.0.0.1:0")]).SourceName);

    [Fact]
    public void A_bad_duration_names_its_path() =>
        Assert.Equal("Legion:Tolerance", Error([.. Web, ("Tolerance", "soon")]).SourceName);

    [Fact]
    public void A_legion_declared_in_both_forms_is_an_error_naming_both()
    {
        var error = Error([.. Web, ("Uwsgi:legion", $"web 127.0.0.1:3000 90 aes-128-cbc:{Secrets.Secret}")]);
        Assert.Equal("Legion:Uwsgi:legion", error.SourceName);
        Assert.Contains("Legion:Legions:0", error.Message);
        Secrets.AssertAbsent(error.Message);
    }

    [Fact]
    public void A_bad_uwsgi_form_value_names_its_path_and_masks_the_secret()
    {
        var error = Error(("Uwsgi:legion:0", $"web 127.0.0.1:2000 90 foo-cbc:{Secrets.Secret} {Secrets.Iv}"));
        Assert.Equal("Legion:Uwsgi:legion:0", error.SourceName);
        Assert.Contains("foo-cbc", error.Message);
        Secrets.AssertAbsent(error.Message);
    }

    [Fact]
    public void An_empty_section_builds_defaults_and_validation_then_says_no_legion_is_declared()
    {
        var options = LegionConfiguration.FromConfiguration(Section()).Options;
        var error = Assert.Throws<LegionConfigurationException>(options.Validate);
        Assert.Equal("Legion", error.SourceName);
        Assert.Contains("no legion declared", error.Message);
    }
}
