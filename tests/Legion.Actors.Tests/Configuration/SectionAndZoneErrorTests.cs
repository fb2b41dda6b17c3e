using Legion.Actors.Configuration;

namespace Legion.Actors.Tests.Configuration;

/// <summary>Configuration mistakes that used to end in a message naming neither the file nor the section.</summary>
public sealed class SectionAndZoneErrorTests
{
    private static LegionConfigurationException Refused(string text, string section = UwsgiIniFile.DefaultSection) =>
        Assert.Throws<LegionConfigurationException>(() =>
        {
            var result = UwsgiOptions.Build(UwsgiIniFile.Parse(text, "web.ini", section));
            result.Options.Validate();
        });

    [Fact]
    public void A_file_without_the_asked_section_names_the_file_and_the_section()
    {
        var error = Refused("[app]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:s3cret\n");

        Assert.Equal("web.ini", error.SourceName);
        Assert.Contains("no [uwsgi] section", error.Message, StringComparison.Ordinal);
        Assert.Contains("[app]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_section_that_is_missing_is_named()
    {
        var error = Refused("[uwsgi]\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:s3cret\n", "edge");

        Assert.Contains("no [edge] section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_header_without_its_bracket_names_the_line()
    {
        var error = Refused("; web node\n[uwsgi\nlegion = web 127.0.0.1:4242 90 aes-128-cbc:s3cret\n");

        Assert.Equal("web.ini:2", error.SourceName);
        Assert.Contains("'[uwsgi'", error.Message, StringComparison.Ordinal);
        Assert.Contains("]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_its_section_and_no_legion_still_says_no_legion_declared()
    {
        var error = Refused("[uwsgi]\nmaster = true\n");

        Assert.Equal("no legion declared", error.Problem);
    }

    [Fact]
    public void An_IPv6_zone_that_names_no_interface_is_a_configuration_error()
    {
        var error = Assert.Throws<LegionConfigurationException>(() =>
            LegionValues.ParseAddress("[fe80::1%no-such-if0]:4242", "web.ini:2", null, "address", allowUnix: true));

        Assert.Contains("no-such-if0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_IPv6_zone_that_names_an_interface_is_kept()
    {
        var address = LegionValues.ParseAddress("[fe80::1%lo]:4242", "web.ini:2", null, "address", allowUnix: true);

        Assert.Contains('%', address.Host!);
        var endPoint = (System.Net.IPEndPoint)Legion.Actors.Actors.LegionSocket.Resolve(address);
        Assert.NotEqual(0, endPoint.Address.ScopeId);
    }
}
