using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// Reads uWSGI's stats server (<c>--stats ADDR</c>): it writes one JSON document per TCP connection
/// and closes it. uWSGI does not escape strings in that JSON, so a legion or host name holding a
/// quote or a control character would make the document unreadable; tests use plain names.
/// </summary>
public static class UwsgiStats
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Connects to <paramref name="endPoint"/>, reads to EOF and parses the document.</summary>
    /// <exception cref="SocketException">Nothing listens there (yet).</exception>
    /// <exception cref="JsonException">The document is not what uWSGI 2.0 writes.</exception>
    public static async Task<UwsgiStatsSnapshot> ReadAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(endPoint, cancellationToken);
        await using var stream = client.GetStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        string json = Encoding.UTF8.GetString(buffer.ToArray());
        var document = JsonSerializer.Deserialize<Document>(json, Options) ?? throw new JsonException("uWSGI stats: empty document");
        return new UwsgiStatsSnapshot(document.Version, document.Pid, document.Legions ?? [], json);
    }

    private sealed record Document(string Version, int Pid, IReadOnlyList<UwsgiLegionStats>? Legions);
}
