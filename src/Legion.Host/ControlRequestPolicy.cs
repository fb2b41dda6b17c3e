using System.Net;

namespace Legion.Host;

/// <summary>
/// Which requests the control endpoint takes from a browser: the defences against DNS rebinding (a page whose name
/// resolves to this address sends its own name as <c>Host</c>) and cross-site requests (a page of another site sends
/// its own <c>Origin</c>), as Jupyter, Vite and webpack's dev server check theirs. Pure functions.
/// </summary>
internal static class ControlRequestPolicy
{
    /// <summary>
    /// True when the <c>Host</c> header names this endpoint: <c>localhost</c>, a loopback address, the bound address,
    /// any IP address when the endpoint is bound to a wildcard address (an IP address needs no DNS, so it cannot be
    /// rebound), or a name in <paramref name="allowedHosts"/> (without case); the port is not compared. A request with no
    /// <c>Host</c> (HTTP/1.0; every browser sends one) passes.
    /// </summary>
    /// <param name="host">The <c>Host</c> header: <c>NAME</c>, <c>NAME:PORT</c>, <c>[IPV6]:PORT</c>; null or empty for none.</param>
    /// <param name="bound">The address the endpoint is bound to.</param>
    /// <param name="allowedHosts">Further host names the operator allowed (<c>--control-allowed-hosts</c>).</param>
    public static bool IsOwnHost(string? host, IPEndPoint bound, IReadOnlyList<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(bound);
        ArgumentNullException.ThrowIfNull(allowedHosts);
        if (string.IsNullOrEmpty(host))
        {
            return true;
        }
        if (HostName(host) is not { Length: > 0 } name)
        {
            return false;
        }
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (IPAddress.TryParse(name, out var address) && (name.Contains(':', StringComparison.Ordinal) || name.Count(c => c == '.') == 3))
        {
            return IPAddress.IsLoopback(address) || address.Equals(bound.Address)
                || bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any);
        }
        return allowedHosts.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True when a request that changes the node may come from where it comes from: with no <c>Origin</c> (not a
    /// browser's cross-origin request: the command-line client, curl) or with this endpoint's own origin
    /// (<c>http://</c> + <paramref name="host"/>), and, when the browser says (<c>Sec-Fetch-Site</c>), from the same
    /// origin or typed by the user. <c>Origin: null</c> (a sandboxed frame, a file) is refused.
    /// </summary>
    /// <param name="origin">The <c>Origin</c> header; null or empty for none.</param>
    /// <param name="fetchSite">The <c>Sec-Fetch-Site</c> header; null or empty for none.</param>
    /// <param name="host">The <c>Host</c> header the request came with.</param>
    public static bool IsSameOrigin(string? origin, string? fetchSite, string? host)
    {
        if (!string.IsNullOrEmpty(fetchSite) && fetchSite is not ("same-origin" or "none"))
        {
            return false;
        }
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }
        return !string.IsNullOrEmpty(host) && string.Equals(origin, "http://" + host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The host part of a <c>Host</c> header (brackets of an IPv6 address removed); null when malformed.</summary>
    private static string? HostName(string host)
    {
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']', StringComparison.Ordinal);
            return close > 1 && (close == host.Length - 1 || host[close + 1] == ':') ? host[1..close] : null;
        }
        int colon = host.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && host.IndexOf(':', colon + 1) >= 0)
        {
            return null;
        }
        return colon < 0 ? host : host[..colon];
    }
}
