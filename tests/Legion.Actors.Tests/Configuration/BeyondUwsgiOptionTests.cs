using Legion.Actors.Configuration;

namespace Legion.Actors.Tests.Configuration;

/// <summary>The extension options of the "beyond uWSGI" features.</summary>
public class BeyondUwsgiOptionTests
{
    private static LegionDefinition Parse(params string[] extra) =>
        UwsgiOptions.FromCommandLine(["--legion", "web 127.0.0.1:4000 90 aes-256-gcm:primary-secret", .. extra]).Options.Legions.Single();

    [Fact]
    public void Authenticated_ciphers_are_accepted_by_name()
    {
        Assert.Equal("aes-256-gcm", Parse().Cipher);
        var chacha = UwsgiOptions.FromCommandLine(["--legion", "web 127.0.0.1:4000 90 chacha20-poly1305:s"]).Options.Legions.Single();
        Assert.Equal("chacha20-poly1305", chacha.Cipher);
    }

    [Fact]
    public void A_next_secret_and_a_lord_lease_attach_to_their_legion()
    {
        var legion = Parse("--legion-secret-next", "web rotated-secret", "--legion-lord-lease", "web 1.5s");

        Assert.Equal("rotated-secret", legion.NextSecret);
        Assert.Equal(TimeSpan.FromSeconds(1.5), legion.LordLease);
        Assert.DoesNotContain("rotated-secret", legion.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_options_there_is_no_next_secret_and_no_lease()
    {
        var legion = Parse();
        Assert.Null(legion.NextSecret);
        Assert.Null(legion.LordLease);
    }

    [Fact]
    public void An_empty_next_secret_is_an_error_that_shows_no_secret()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => Parse("--legion-secret-next", "web"));
        Assert.Contains("--legion-secret-next", error.SourceName, StringComparison.Ordinal);
        Assert.DoesNotContain("primary-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_lease_names_the_option_and_the_value()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => Parse("--legion-lord-lease", "web soon"));
        Assert.Contains("--legion-lord-lease", error.SourceName, StringComparison.Ordinal);
        Assert.Contains("soon", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_next_secret_for_an_undeclared_legion_is_an_error()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => Parse("--legion-secret-next", "api other-secret"));
        Assert.Contains("api", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("other-secret", error.Message, StringComparison.Ordinal);
    }
}
