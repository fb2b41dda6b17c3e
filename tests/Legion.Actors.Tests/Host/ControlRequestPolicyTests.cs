using System.Net;
using Legion.Host;

namespace Legion.Actors.Tests.Host;

/// <summary>The Host and Origin rules of the control endpoint, as a table.</summary>
public sealed class ControlRequestPolicyTests
{
    private static readonly IPEndPoint Loopback = IPEndPoint.Parse("127.0.0.1:9000");

    [Theory]
    [InlineData("127.0.0.1:9000", "127.0.0.1:9000", true)]
    [InlineData("127.0.0.1:9000", "localhost:9000", true)]
    [InlineData("127.0.0.1:9000", "LocalHost", true)]
    [InlineData("127.0.0.1:9000", "127.0.0.2:9000", true)]        // loopback, whatever the bound one
    [InlineData("127.0.0.1:9000", "[::1]:9000", true)]
    [InlineData("127.0.0.1:9000", "", true)]                      // HTTP/1.0 without Host: no browser sends that
    [InlineData("127.0.0.1:9000", "evil.example:9000", false)]    // DNS rebinding
    [InlineData("127.0.0.1:9000", "localhost.evil.example", false)]
    [InlineData("127.0.0.1:9000", "127.0.0.1.nip.io:9000", false)]
    [InlineData("127.0.0.1:9000", "10.0.0.7:9000", false)]        // another machine's address
    [InlineData("127.0.0.1:9000", "2130706433:9000", false)]      // not how a browser writes 127.0.0.1
    [InlineData("127.0.0.1:9000", "a:b:c", false)]
    [InlineData("127.0.0.1:9000", "[::1", false)]
    [InlineData("10.0.0.7:9000", "10.0.0.7:9000", true)]          // the bound address
    [InlineData("10.0.0.7:9000", "10.0.0.8:9000", false)]
    [InlineData("0.0.0.0:9000", "10.0.0.8:9000", true)]           // wildcard: any address (no DNS, no rebinding)
    [InlineData("0.0.0.0:9000", "node-1.example:9000", false)]
    [InlineData("0.0.0.0:9000", "legion-1.example.internal:9000", true)] // allowed by the operator
    public void The_Host_header_must_name_this_endpoint(string bound, string host, bool own) =>
        Assert.Equal(own, ControlRequestPolicy.IsOwnHost(host, IPEndPoint.Parse(bound), ["legion-1.example.internal"]));

    [Theory]
    [InlineData(null, null, true)]                                      // the CLI, curl
    [InlineData("http://127.0.0.1:9000", null, true)]                   // the endpoint's own page
    [InlineData("http://127.0.0.1:9000", "same-origin", true)]
    [InlineData(null, "none", true)]                                    // typed by the user
    [InlineData("http://evil.example", null, false)]
    [InlineData("http://evil.example", "cross-site", false)]
    [InlineData(null, "cross-site", false)]
    [InlineData(null, "same-site", false)]                              // another port of this host is another site's page
    [InlineData("null", null, false)]                                   // a sandboxed frame, a file
    [InlineData("https://127.0.0.1:9000", null, false)]
    [InlineData("http://127.0.0.1:9001", null, false)]
    public void Changes_come_only_from_this_endpoints_origin(string? origin, string? fetchSite, bool allowed) =>
        Assert.Equal(allowed, ControlRequestPolicy.IsSameOrigin(origin, fetchSite, "127.0.0.1:9000"));

    [Fact]
    public void The_loopback_endpoint_refuses_any_name_it_was_not_given() =>
        Assert.False(ControlRequestPolicy.IsOwnHost("legion-1.example.internal", Loopback, []));
}
