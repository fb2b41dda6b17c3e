using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Legion.Fuzz;

/// <summary>What the fuzzer reads from a node's uWSGI-compatible stats (its first legion).</summary>
/// <param name="Uuid">The node's uuid.</param>
/// <param name="LordSince">Unix time it became Lord (<c>i_am_the_lord</c>), 0 when it is not Lord.</param>
/// <param name="Members">Members in its table.</param>
/// <param name="Received">Datagrams its transport has judged (<c>datagrams_received</c>).</param>
/// <param name="Drops">Dropped datagrams by reason (<c>drops</c>).</param>
/// <param name="DocumentBytes">Size of the stats document.</param>
/// <param name="MemberLordSince">For each member (by uuid), the <c>lord</c> time it last announced: 0 unless it claims to be Lord.</param>
public sealed record NodeSnapshot(string Uuid, long LordSince, int Members, long Received, IReadOnlyDictionary<string, long> Drops, int DocumentBytes,
    IReadOnlyDictionary<string, long> MemberLordSince)
{
    /// <summary>Connects to the stats server at <paramref name="endPoint"/> and reads one document.</summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    /// <exception cref="JsonException">Not a stats document with a legion.</exception>
    public static async Task<NodeSnapshot> ReadAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        await using var stream = client.GetStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(buffer.ToArray());
        var legion = json.RootElement.GetProperty("legions")[0];
        var drops = new Dictionary<string, long>(StringComparer.Ordinal);
        if (legion.TryGetProperty("drops", out var dropsElement))
        {
            foreach (var drop in dropsElement.EnumerateObject())
            {
                drops[drop.Name] = drop.Value.GetInt64();
            }
        }

        var memberLords = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var member in legion.GetProperty("members").EnumerateArray())
        {
            memberLords[member.GetProperty("uuid").GetString() ?? ""] = member.TryGetProperty("lord", out var lord) ? lord.GetInt64() : 0;
        }

        return new NodeSnapshot(
            legion.GetProperty("uuid").GetString() ?? "",
            legion.GetProperty("i_am_the_lord").GetInt64(),
            legion.GetProperty("members").GetArrayLength(),
            legion.TryGetProperty("datagrams_received", out var received) ? received.GetInt64() : 0,
            drops,
            (int)buffer.Length,
            memberLords);
    }
}
