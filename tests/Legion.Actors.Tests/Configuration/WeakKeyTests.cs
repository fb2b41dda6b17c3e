using Legion.Actors.Configuration;

namespace Legion.Actors.Tests.Configuration;

/// <summary>
/// Secrets that uWSGI 2.0 accepts but that leave a weak or empty key: refused where the key would be effectively
/// empty or public, loudly warned about where refusing would break a configuration uWSGI runs.
/// </summary>
public sealed class WeakKeyTests
{
    private static LegionConfigurationResult Ini(string text, Func<string, string?>? environment = null)
    {
        var settings = LegionConfigurationSettings.Default with { GetEnvironmentVariable = environment ?? (_ => null) };
        var result = UwsgiOptions.Build(UwsgiIniFile.Parse(text, "web.ini"), settings);
        result.Options.Validate();
        return result;
    }

    [Fact]
    public void A_space_in_the_secret_warns_that_the_rest_is_the_IV_token_and_the_key_is_short()
    {
        var result = Ini("[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:TOP SECRET\n");

        Assert.Equal("TOP", result.Options.Legions[0].Secret); // as uWSGI: the key is "TOP", the IV token "SECRET"
        var warning = Assert.Single(result.Warnings, w => w.Contains("IV token", StringComparison.Ordinal));
        Assert.StartsWith("web.ini:2", warning, StringComparison.Ordinal);
        Assert.Contains("3 of the 16 key bytes", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_that_fills_the_key_with_an_IV_token_draws_no_weak_key_warning()
    {
        var result = Ini("[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:0123456789abcdef myiv\n");

        Assert.DoesNotContain(result.Warnings, w => w.Contains("IV token", StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_that_starts_with_a_NUL_byte_is_refused_since_its_key_would_be_all_zeros()
    {
        using var dir = new TempDirectory();
        string key = dir.Write("key", "\0not-what-it-seems");

        var error = Assert.Throws<LegionConfigurationException>(() => Ini($"[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:@({key})\n"));

        Assert.Equal("web.ini:2", error.SourceName);
        Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-what-it-seems", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_set_in_code_that_starts_with_a_NUL_byte_is_refused_by_validation()
    {
        var options = new LegionOptions
        {
            Legions = [new LegionDefinition { Name = "web", Address = NodeAddress.Udp("127.0.0.1", 4242), Valor = 1, Cipher = "aes-128-cbc", Secret = "\0abc" }],
        };

        var error = Assert.Throws<LegionConfigurationException>(options.Validate);
        Assert.Contains("NUL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NUL_byte_inside_the_secret_warns_that_the_key_ends_there()
    {
        using var dir = new TempDirectory();
        string key = dir.Write("key", "abc\0defghijklmnop");

        var result = Ini($"[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:@({key})\n");

        Assert.Contains(result.Warnings, w => w.StartsWith("web.ini:2", StringComparison.Ordinal) && w.Contains("NUL", StringComparison.Ordinal) && w.Contains("3 of the 16 key bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unset_environment_variable_as_the_secret_is_refused_naming_the_variable()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => Ini("[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:$(LEGION_SECRET)\n"));

        Assert.Equal("web.ini:2", error.SourceName);
        Assert.Contains("LEGION_SECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains("not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_environment_variable_as_the_next_secret_is_refused_too()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => Ini(
            "[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-256-gcm:s3cret\nlegion-secret-next = web $(NEXT_SECRET)\n"));

        Assert.Equal("web.ini:3", error.SourceName);
        Assert.Contains("NEXT_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_environment_variable_as_the_secret_is_fine()
    {
        var result = Ini("[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:$(LEGION_SECRET)\n", name => name == "LEGION_SECRET" ? "0123456789abcdef" : null);

        Assert.Equal("0123456789abcdef", result.Options.Legions[0].Secret);
    }

    [Fact]
    public void An_unset_environment_variable_elsewhere_still_only_warns_as_uwsgi_keeps_it()
    {
        var result = Ini("[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:0123456789abcdef\nlegion-scroll = web $(ROLE)\n");

        Assert.Contains(result.Warnings, w => w.Contains("ROLE", StringComparison.Ordinal) && w.Contains("not set", StringComparison.Ordinal));
    }
}
