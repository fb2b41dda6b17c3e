using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Legion.Host.Cli;

/// <summary>
/// Reads a node's stats: <c>HOST:PORT</c> is a stats server (uWSGI's or ours: one JSON document per TCP
/// connection); <c>http://...</c> is our control endpoint, whose <c>/status</c> serves the same document.
/// </summary>
internal static class StatsReader
{
    public static async Task<StatsDocument> ReadAsync(string address, string? token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        byte[] json;
        if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ControlClient.BaseUrl(address), "status"));
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            json = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
        }
        else
        {
            var (host, port) = ControlClient.HostAndPort(address);
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await client.GetStream().CopyToAsync(buffer, deadline.Token).ConfigureAwait(false);
            json = buffer.ToArray();
        }
        return StatsDocument.Parse(address, json);
    }
}
