using Legion.Actors.Configuration;

namespace Legion.Actors.Tests.Configuration;

/// <summary>The ini syntax facts below were read from uWSGI 2.0.21's core/ini.c and checked with <c>uwsgi --get</c>.</summary>
public class UwsgiIniFileTests
{
    private static IReadOnlyList<UwsgiEntry> Entries(string text) => UwsgiIniFile.Parse(text, "app.ini").Entries;

    [Fact]
    public void Only_the_uwsgi_section_is_read_and_keys_before_any_section_are_skipped()
    {
        var entries = Entries("top = skipped\n[app]\nother = skipped\n[uwsgi]\nmaster = true\n[app]\nalso = skipped\n");
        Assert.Equal([new UwsgiEntry("master", "true", "app.ini:5")], entries);
    }

    [Fact]
    public void A_section_that_appears_twice_is_read_in_both_places()
    {
        var entries = Entries("[uwsgi]\na = 1\n[other]\nb = 2\n[uwsgi]\nc = 3\n");
        Assert.Equal(["a", "c"], entries.Select(e => e.Key));
    }

    [Fact]
    public void Keys_and_values_are_trimmed_of_spaces_tabs_and_carriage_returns()
    {
        var entry = Assert.Single(Entries("[uwsgi]\r\n \t spaced key \t=   v a l \t\r\n"));
        Assert.Equal(("spaced key", "v a l"), (entry.Key, entry.Value));
    }

    [Fact]
    public void Repeated_keys_keep_their_order_and_line_numbers()
    {
        var entries = Entries("[uwsgi]\nlegion-node = web 10.0.0.1:2000\n\nlegion-node = web 10.0.0.2:2000\n");
        Assert.Equal(
            [new UwsgiEntry("legion-node", "web 10.0.0.1:2000", "app.ini:2"), new UwsgiEntry("legion-node", "web 10.0.0.2:2000", "app.ini:4")],
            entries);
    }

    [Fact]
    public void Lines_starting_with_semicolon_or_hash_are_comments_but_inline_comments_are_part_of_the_value()
    {
        var entry = Assert.Single(Entries("[uwsgi]\n; comment\n  # indented comment\nlegion-scroll = web hello ; not a comment\n"));
        Assert.Equal("web hello ; not a comment", entry.Value);
    }

    [Fact]
    public void A_line_without_equals_is_an_option_with_an_empty_value_as_in_uwsgi() =>
        Assert.Equal([new UwsgiEntry("master", "", "app.ini:2")], Entries("[uwsgi]\nmaster\n"));

    [Fact]
    public void Only_the_first_equals_separates_key_from_value() =>
        Assert.Equal("a=b=c", Assert.Single(Entries("[uwsgi]\nset-ph = a=b=c\n")).Value);

    [Fact]
    public void Keys_are_case_sensitive_as_in_uwsgi() =>
        Assert.Equal("Legion", Assert.Single(Entries("[uwsgi]\nLegion = x\n")).Key);

    [Fact]
    public void A_section_header_without_closing_bracket_loses_its_last_character_as_in_uwsgi()
    {
        var result = UwsgiIniFile.Parse("[uwsgi\nmaster = true\n", "app.ini");
        Assert.Empty(result.Entries);
        Assert.Contains(result.Warnings, w => w.Contains("app.ini:1") && w.Contains("[uwsg]"));
    }

    [Fact]
    public void A_file_without_the_section_says_so_in_a_warning()
    {
        var result = UwsgiIniFile.Parse("[app]\nmaster = true\n", "app.ini");
        Assert.Empty(result.Entries);
        Assert.Equal(["app.ini: no [uwsgi] section; nothing was read from it"], result.Warnings);
    }

    [Fact]
    public void Another_section_can_be_asked_for() =>
        Assert.Equal("legion", Assert.Single(UwsgiIniFile.Parse("[uwsgi]\na = 1\n[legion]\nlegion = x\n", "app.ini", "legion").Entries).Key);

    [Fact]
    public void A_last_line_without_newline_is_read() =>
        Assert.Equal("3", Assert.Single(Entries("[uwsgi]\nlegion-freq = 3")).Value);

    [Fact]
    public void Magic_variables_describe_the_file_as_uwsgi_computes_them()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("node.ini", "[uwsgi]\nd = %d\np = %p\ns = %s\nn = %n\ne = %e\nc = %c\npercent = 100%%\nparen = %(keep)\n");
        var values = UwsgiIniFile.Read(path).Entries.ToDictionary(e => e.Key, e => e.Value);
        var directory = Path.GetDirectoryName(path)! + "/";
        Assert.Equal(directory, values["d"]);
        Assert.Equal(path, values["p"]);
        Assert.Equal("node.ini", values["s"]);
        Assert.Equal("node", values["n"]);
        Assert.Equal("ini", values["e"]);
        Assert.Equal(Path.GetFileName(dir.Path), values["c"]);
        Assert.Equal("100%", values["percent"]);
        Assert.Equal("%(keep)", values["paren"]);
    }

    [Fact]
    public void Magic_hash_matches_the_value_uwsgi_2_0_21_printed_for_the_same_path() =>
        Assert.Equal("551DADE3", UwsgiMagicVariables.Djb33xHex("/tmp/uw/t.ini"));

    [Fact]
    public void An_unknown_magic_variable_expands_to_nothing_as_in_uwsgi_with_a_warning()
    {
        var result = UwsgiIniFile.Parse("[uwsgi]\nlegion-scroll = web ab%qcd\n", "app.ini");
        Assert.Equal("web abcd", Assert.Single(result.Entries).Value);
        Assert.Contains(result.Warnings, w => w.StartsWith("app.ini:2: '%q'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_percent_at_the_end_of_a_line_joins_it_with_the_next_as_in_uwsgi()
    {
        var entry = Assert.Single(Entries("[uwsgi]\nlegion-scroll = web one%\ntwo\n"));
        Assert.Equal(new UwsgiEntry("legion-scroll", "web onetwo", "app.ini:2"), entry);
    }

    [Fact]
    public void An_ini_option_reads_that_file_in_place()
    {
        using var dir = new TempDirectory();
        var inner = dir.Write("inner.ini", "[uwsgi]\nb = 2\n");
        var outer = dir.Write("outer.ini", $"[uwsgi]\na = 1\nini = {inner}\nc = 3\n");
        var entries = UwsgiIniFile.Read(outer).Entries;
        Assert.Equal(["a", "b", "c"], entries.Select(e => e.Key));
        Assert.Equal($"{inner}:2", entries[1].Source);
    }

    [Fact]
    public void Include_reads_in_place_and_inherit_reads_after_everything_else()
    {
        using var dir = new TempDirectory();
        var included = dir.Write("included.ini", "[uwsgi]\nb = 2\n");
        var inherited = dir.Write("inherited.ini", "[uwsgi]\nz = 26\n");
        var outer = dir.Write("outer.ini", $"[uwsgi]\ninherit = {inherited}\na = 1\ninclude = {included}\nc = 3\n");
        Assert.Equal(["a", "b", "c", "z"], UwsgiIniFile.Read(outer).Entries.Select(e => e.Key));
    }

    [Fact]
    public void File_colon_section_reads_that_section()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("multi.ini", "[uwsgi]\na = 1\n[node2]\nb = 2\nx = %x\n");
        var entries = UwsgiIniFile.Read(path + ":node2").Entries;
        Assert.Equal([("b", "2"), ("x", "node2")], entries.Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public void Colon_section_alone_reuses_the_previous_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("multi.ini", "[uwsgi]\na = 1\nini = :extra\n[extra]\nb = 2\n");
        Assert.Equal(["a", "b"], UwsgiIniFile.Read(path).Entries.Select(e => e.Key));
    }

    [Fact]
    public void A_file_that_includes_itself_is_an_error_naming_the_line()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "loop.ini");
        dir.Write("loop.ini", $"[uwsgi]\nini = {path}\n");
        var error = Assert.Throws<LegionConfigurationException>(() => UwsgiIniFile.Read(path));
        Assert.Equal($"{path}:2", error.SourceName);
        Assert.Contains("includes itself", error.Message);
    }

    [Fact]
    public void An_unreadable_file_is_an_error_naming_the_file()
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "missing.ini");
        var error = Assert.Throws<LegionConfigurationException>(() => UwsgiIniFile.Read(missing));
        Assert.Equal(missing, error.SourceName);
        Assert.Contains("missing.ini", error.Message);
    }

    [Fact]
    public void Other_configuration_formats_are_an_error_not_silently_skipped()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => UwsgiIniFile.Parse("[uwsgi]\nyaml = more.yml\n", "app.ini"));
        Assert.Equal("app.ini:2", error.SourceName);
        Assert.Contains("more.yml", error.Message);
    }

    [Fact]
    public void A_world_readable_file_holding_a_secret_gets_a_warning_without_the_secret()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var path = dir.Write("open.ini", $"[uwsgi]\nlegion = web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret} {Secrets.Iv}\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var warning = Assert.Single(UwsgiIniFile.Read(path).Warnings);
        Assert.Contains($"{path}:2", warning);
        Assert.Contains("0644", warning);
        Secrets.AssertAbsent(warning);
    }

    [Fact]
    public void A_private_file_or_a_secret_taken_from_the_environment_gets_no_warning()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        var secretInFile = dir.Write("private.ini", $"[uwsgi]\nlegion = web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret}\n");
        var secretFromEnv = dir.Write("env.ini", "[uwsgi]\nlegion = web 127.0.0.1:2000 90 aes-128-cbc:$(LEGION_SECRET)\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Empty(UwsgiIniFile.Read(secretInFile).Warnings);
        Assert.Empty(UwsgiIniFile.Read(secretFromEnv).Warnings);
    }
}
