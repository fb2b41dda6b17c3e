using Legion.Actors.Configuration;

namespace Legion.Actors.Tests.Configuration;

public class UwsgiCommandLineTests
{
    [Fact]
    public void Space_and_equals_forms_give_the_same_entry_with_the_argument_position()
    {
        var entries = UwsgiCommandLine.Parse(["--legion-freq", "1", "--legion-tolerance=3"]).Entries;
        Assert.Equal(
            [new UwsgiEntry("legion-freq", "1", "--legion-freq (argument 1)"), new UwsgiEntry("legion-tolerance", "3", "--legion-tolerance (argument 3)")],
            entries);
    }

    [Fact]
    public void Options_repeat_in_order()
    {
        var entries = UwsgiCommandLine.Parse(["--legion-node", "web 10.0.0.1:2000", "--legion-node", "web 10.0.0.2:2000"]).Entries;
        Assert.Equal(["web 10.0.0.1:2000", "web 10.0.0.2:2000"], entries.Select(e => e.Value));
    }

    [Fact]
    public void Values_are_kept_exactly_as_given_because_a_trailing_space_is_part_of_uwsgi_syntax() =>
        Assert.Equal("web x ", Assert.Single(UwsgiCommandLine.Parse(["--legion-scroll=web x "]).Entries).Value);

    [Fact]
    public void An_ini_option_puts_the_file_entries_between_the_options_around_it()
    {
        using var dir = new TempDirectory();
        var ini = dir.Write("legion.ini", "[uwsgi]\nlegion-freq = 2\nlegion-tolerance = 8\n");
        var entries = UwsgiCommandLine.Parse(["--legion-skew-tolerance", "40", "--ini", ini, "--legion-freq=1"]).Entries;
        Assert.Equal(
            [
                new UwsgiEntry("legion-skew-tolerance", "40", "--legion-skew-tolerance (argument 1)"),
                new UwsgiEntry("legion-freq", "2", $"{ini}:2"),
                new UwsgiEntry("legion-tolerance", "8", $"{ini}:3"),
                new UwsgiEntry("legion-freq", "1", "--legion-freq (argument 5)"),
            ],
            entries);
    }

    [Fact]
    public void A_bare_ini_file_name_is_read_like_uwsgi_reads_bare_arguments_by_extension()
    {
        using var dir = new TempDirectory();
        var ini = dir.Write("legion.ini", "[uwsgi]\nlegion-freq = 2\n");
        Assert.Equal($"{ini}:2", Assert.Single(UwsgiCommandLine.Parse([ini]).Entries).Source);
    }

    [Fact]
    public void Common_uwsgi_options_are_consumed_with_their_values_and_ignored_with_one_warning()
    {
        var result = UwsgiOptions.FromCommandLine(
        [
            "--master", "-M", "--socket", ":3031", "-p", "4", "--processes=2", "--die-on-term", "--log-date", "--chmod-socket=660",
            "--legion", $"web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret}",
        ]);
        Assert.Equal("web", Assert.Single(result.Options.Legions).Name);
        Assert.Equal(["ignoring non-legion uWSGI options: master, socket, processes, die-on-term, log-date, chmod-socket"], result.Warnings);
    }

    [Fact]
    public void A_flag_does_not_swallow_the_option_after_it()
    {
        var entries = UwsgiCommandLine.Parse(["--master", "--legion-freq", "1"]).Entries;
        Assert.Equal([("master", ""), ("legion-freq", "1")], entries.Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public void A_value_starting_with_two_dashes_can_be_given_with_equals() =>
        Assert.Equal("--odd", Assert.Single(UwsgiCommandLine.Parse(["--legion-scroll=--odd"]).Entries).Value);

    [Fact]
    public void Arguments_after_double_dash_are_not_options()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => UwsgiCommandLine.Parse(["--", "--legion-freq"]));
        Assert.Equal("--legion-freq (argument 2)", error.SourceName);
        Assert.Contains("unexpected argument", error.Message);
    }

    [Fact]
    public void An_abbreviated_option_is_not_guessed()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => UwsgiCommandLine.Parse(["--legion-fr", "1"]));
        Assert.Equal("--legion-fr (argument 1)", error.SourceName);
        Assert.Contains("--legion-freq", error.Message);
    }

    [Fact]
    public void Set_placeholder_from_the_command_line_fills_an_ini_template()
    {
        using var dir = new TempDirectory();
        var ini = dir.Write("template.ini", $"[uwsgi]\nlegion = web 127.0.0.1:%(port) %(valor) aes-128-cbc:{Secrets.Secret}\n");
        var result = UwsgiOptions.FromCommandLine(["--set-ph", "port=2001", "-S", "valor=42", "--ini", ini]);
        var legion = Assert.Single(result.Options.Legions);
        Assert.Equal((2001, (ushort)42), (legion.Address.Port, legion.Valor));
    }
}
