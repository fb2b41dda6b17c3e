using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Legion.Host.Cli;

/// <summary>Calls a node's control endpoint (<c>legion --control</c>) for <c>step-down</c>, <c>set-valor</c> and <c>set-scroll</c>.</summary>
internal sealed class ControlClient(string address, string? token, TimeSpan timeout)
{
    /// <summary>The endpoint's base URL: <c>HOST:PORT</c> becomes <c>http://HOST:PORT/</c>.</summary>
    public static Uri BaseUrl(string address)
    {
        var text = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>Splits <c>HOST:PORT</c> (an empty host is 127.0.0.1).</summary>
    /// <exception cref="FormatException">Not HOST:PORT.</exception>
    public static (string Host, int Port) HostAndPort(string address)
    {
        int colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new FormatException($"'{address}' is not HOST:PORT");
        }
        var host = address[..colon].Trim('[', ']');
        return (host.Length == 0 ? "127.0.0.1" : host, port);
    }

    /// <summary>
    /// The token file a node bound to <paramref name="address"/> on this machine writes when the operator gave it no
    /// token (<see cref="ControlTokenFile"/>); null when the address is not a loopback address or <c>localhost</c>.
    /// </summary>
    /// <param name="address"><c>HOST:PORT</c> or a URL.</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static string? LocalTokenFile(string address, Func<string, string?> environment)
    {
        var url = BaseUrl(address);
        var host = url.Host.Trim('[', ']');
        IPAddress? ip = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        return ip is not null && IPAddress.IsLoopback(ip) ? ControlTokenFile.PathFor(new IPEndPoint(ip, url.Port), environment) : null;
    }

    /// <summary>The legion to act on: <paramref name="legion"/>, or the node's only legion.</summary>
    /// <exception cref="InvalidOperationException">No legion named and the node runs several (or none).</exception>
    public async Task<string> ResolveLegionAsync(string? legion, CancellationToken cancellationToken)
    {
        if (legion is not null)
        {
            return legion;
        }
        var stats = await StatsReader.ReadAsync(BaseUrl(address).ToString(), token, timeout, cancellationToken).ConfigureAwait(false);
        return stats.Legions switch
        {
            [var only] => only.Legion,
            [] => throw new InvalidOperationException($"{address} runs no legion"),
            var several => throw new InvalidOperationException($"{address} runs several legions ({string.Join(", ", several.Select(l => l.Legion))}): name one with --legion"),
        };
    }

    /// <summary>Sends a control request; returns the HTTP status and the endpoint's message.</summary>
    public async Task<(bool Accepted, string Message)> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = timeout };
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl(address), path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        }
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string message = text.Trim();
        bool accepted = response.IsSuccessStatusCode;
        try
        {
            using var json = JsonDocument.Parse(text);
            message = json.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? message : message;
            accepted = accepted && json.RootElement.TryGetProperty("accepted", out var a) && a.GetBoolean();
        }
        catch (JsonException)
        {
            // Not one of our JSON answers (a proxy's error page, a 401 text): show it as it came.
        }
        return (accepted, $"{(int)response.StatusCode} {message}");
    }
}
