using System.Net;
using Legion.Actors.Configuration;
using Legion.Host;

namespace Legion.Actors.Tests.Host;

public sealed class HostOnlyOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Host_options_are_taken_off_and_every_uWSGI_option_is_left_in_order()
    {
        string[] args = ["--legion", "web 127.0.0.1:4242 90 aes-128-cbc:x", "--control", "9000", "--legion-freq=1", "--node-name=alpha", "--stats", ":9191"];

        var (options, rest) = HostOnlyOptions.Extract(args, NoEnvironment);

        Assert.Equal(["--legion", "web 127.0.0.1:4242 90 aes-128-cbc:x", "--legion-freq=1", "--stats", ":9191"], rest);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9000), options.Control);
        Assert.Equal("alpha", options.NodeName);
        Assert.Null(options.ControlToken);
        Assert.False(options.Otlp);
    }

    [Theory]
    [InlineData(":9000", "127.0.0.1:9000")]
    [InlineData("localhost:9000", "127.0.0.1:9000")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    public void The_control_address_defaults_to_loopback(string text, string expected)
    {
        var (options, _) = HostOnlyOptions.Extract(["--control", text], NoEnvironment);
        Assert.Equal(IPEndPoint.Parse(expected), options.Control);
    }

    [Fact]
    public void Binding_the_control_endpoint_beyond_loopback_without_a_token_is_a_configuration_error()
    {
        var error = Assert.Throws<LegionConfigurationException>(() => HostOnlyOptions.Extract(["--control", "0.0.0.0:9000"], NoEnvironment));

        Assert.Contains("needs a token", error.Message);
        Assert.StartsWith("--control", error.Message);
    }

    [Fact]
    public void A_token_from_the_environment_allows_any_address_and_never_prints()
    {
        var (options, _) = HostOnlyOptions.Extract(["--control", "0.0.0.0:9000"], name => name == "LEGION_CONTROL_TOKEN" ? " s3cret-token " : null);

        Assert.Equal("s3cret-token", options.ControlToken);
        Assert.DoesNotContain("s3cret-token", options.ToString());
    }

    [Fact]
    public void Allowed_host_names_for_the_control_endpoint_are_a_comma_separated_list()
    {
        var (options, _) = HostOnlyOptions.Extract(["--control", "9000", "--control-allowed-hosts", "legion-1.example.internal, proxy.local"], NoEnvironment);
        var error = Assert.Throws<LegionConfigurationException>(() => HostOnlyOptions.Extract(["--control-allowed-hosts", "http://evil/"], NoEnvironment));

        Assert.Equal(["legion-1.example.internal", "proxy.local"], options.ControlAllowedHosts);
        Assert.StartsWith("--control-allowed-hosts", error.Message);
    }

    [Fact]
    public void OTLP_export_is_on_with_an_endpoint_or_the_standard_variable()
    {
        Assert.True(HostOnlyOptions.Extract(["--otlp-endpoint", "http://127.0.0.1:4317"], NoEnvironment).Options.Otlp);
        Assert.True(HostOnlyOptions.Extract([], n => n == "OTEL_EXPORTER_OTLP_ENDPOINT" ? "http://collector:4317" : null).Options.Otlp);
        Assert.Throws<LegionConfigurationException>(() => HostOnlyOptions.Extract(["--otlp-endpoint", "not a url"], NoEnvironment));
    }

    [Theory]
    [InlineData("--control", "ninety")]
    [InlineData("--node-name", "two words")]
    [InlineData("--log-config", "/no/such/file.json")]
    [InlineData("--control-token-file", "/no/such/token")]
    public void A_malformed_host_option_names_itself(string option, string value)
    {
        var error = Assert.Throws<LegionConfigurationException>(() => HostOnlyOptions.Extract([option, value], NoEnvironment));
        Assert.StartsWith(option, error.Message);
    }
}
