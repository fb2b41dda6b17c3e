using Legion.Actors.Configuration;

namespace Legion.Actors.Tests.Configuration;

public class LegionOptionsValidationTests
{
    private static readonly LegionDefinition Web = new()
    {
        Name = "web",
        Address = NodeAddress.Udp("127.0.0.1", 2000),
        Valor = 90,
        Cipher = "aes-128-cbc",
        Secret = Secrets.Secret,
        Source = "code",
    };

    private static LegionConfigurationException Invalid(LegionOptions options) =>
        Assert.Throws<LegionConfigurationException>(options.Validate);

    [Fact]
    public void Options_with_one_legion_and_defaults_are_valid() =>
        new LegionOptions { Legions = [Web] }.Validate();

    [Fact]
    public void No_legion_is_an_error_naming_the_origin()
    {
        var error = Invalid(new LegionOptions { Origin = UwsgiCommandLine.Origin });
        Assert.Equal("the command line", error.SourceName);
        Assert.Equal("no legion declared", error.Problem);
    }

    [Fact]
    public void A_legion_name_used_twice_in_code_is_an_error_naming_the_second() =>
        Assert.Contains("declared twice", Invalid(new LegionOptions { Legions = [Web, Web with { Source = "code:2" }] }).Message);

    [Fact]
    public void A_tolerance_not_longer_than_the_frequency_is_an_error() =>
        Assert.Contains("legion-tolerance", Invalid(new LegionOptions { Legions = [Web], Tolerance = TimeSpan.FromSeconds(3) }).Message);

    [Fact]
    public void A_skew_tolerance_under_a_second_is_an_error() =>
        Assert.Contains("legion-skew-tolerance", Invalid(new LegionOptions { Legions = [Web], SkewTolerance = TimeSpan.FromMilliseconds(10) }).Message);

    [Fact]
    public void An_unsupported_cipher_set_in_code_is_an_error_naming_the_legion_source() =>
        Assert.Equal("code", Invalid(new LegionOptions { Legions = [Web with { Cipher = "rot13" }] }).SourceName);

    [Fact]
    public void An_empty_secret_set_in_code_is_an_error_that_does_not_print_a_secret()
    {
        var error = Invalid(new LegionOptions { Legions = [Web with { Secret = "", Iv = Secrets.Iv }] });
        Assert.Contains("empty secret", error.Message);
        Secrets.AssertAbsent(error.Message);
    }

    [Fact]
    public void A_scroll_longer_than_the_maximum_set_in_code_is_an_error() =>
        Assert.Contains("scroll", Invalid(new LegionOptions { Legions = [Web with { Scroll = "123456" }], ScrollMaxSize = 5 }).Message);

    [Fact]
    public void Sizes_out_of_range_are_an_error() =>
        Assert.Contains("multicast-ttl", Invalid(new LegionOptions { Legions = [Web], MulticastTtl = 256 }).Message);

    [Fact]
    public void A_multicast_group_address_is_recognised_by_its_first_number()
    {
        Assert.True(NodeAddress.Udp("224.0.0.1", 1).IsMulticast);
        Assert.True(NodeAddress.Udp("239.255.255.255", 1).IsMulticast);
        Assert.False(NodeAddress.Udp("223.255.255.255", 1).IsMulticast);
        Assert.False(NodeAddress.Udp("240.0.0.1", 1).IsMulticast);
        Assert.False(NodeAddress.Udp("mcast.example.org", 1).IsMulticast);
        Assert.False(NodeAddress.Unix("/run/x.sock").IsMulticast);
    }
}
