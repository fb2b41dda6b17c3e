using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// One node's view of its (first) legion, read from its uWSGI-compatible stats server; the same fields come
/// from uWSGI and from our host (ours adds <see cref="Drops"/>).
/// </summary>
/// <param name="Pid">The process id in the document.</param>
/// <param name="Uuid">The node's uuid.</param>
/// <param name="Valor">The node's valor.</param>
/// <param name="LordSince">Unix time it became Lord (<c>i_am_the_lord</c>), 0 when it is not Lord.</param>
/// <param name="LordUuid">Who it votes for as Lord.</param>
/// <param name="Members">The uuids of its members.</param>
/// <param name="Drops">Dropped datagrams by reason (our host only; empty for uWSGI).</param>
internal sealed record LegionView(long Pid, string Uuid, ulong Valor, long LordSince, string LordUuid, IReadOnlyList<string> Members,
    IReadOnlyDictionary<string, long> Drops)
{
    public bool IsLord => LordSince != 0;

    public long DropsOf(string reason) => Drops.GetValueOrDefault(reason);

    /// <summary>Reads the stats at <paramref name="endPoint"/> from inside namespace <paramref name="ns"/>.</summary>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    /// <exception cref="JsonException">Not a stats document with a legion.</exception>
    public static LegionView Read(string ns, IPEndPoint endPoint) => Parse(NetNamespace.Run(ns, () => Fetch(endPoint, TimeSpan.FromSeconds(5))));

    /// <summary>Connects, reads the one document the server writes, and returns it (blocking; call inside the namespace).</summary>
    public static string Fetch(IPEndPoint endPoint, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = (int)timeout.TotalMilliseconds,
            SendTimeout = (int)timeout.TotalMilliseconds,
        };
        var connect = socket.BeginConnect(endPoint, null, null);
        if (!connect.AsyncWaitHandle.WaitOne(timeout))
        {
            throw new SocketException((int)SocketError.TimedOut);
        }
        socket.EndConnect(connect);
        using var stream = new NetworkStream(socket);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static LegionView Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var legion = root.GetProperty("legions")[0];
        var drops = new Dictionary<string, long>(StringComparer.Ordinal);
        if (legion.TryGetProperty("drops", out var dropElement))
        {
            foreach (var drop in dropElement.EnumerateObject())
            {
                drops[drop.Name] = drop.Value.GetInt64();
            }
        }
        return new LegionView(
            root.GetProperty("pid").GetInt64(),
            legion.GetProperty("uuid").GetString() ?? "",
            legion.GetProperty("valor").GetUInt64(),
            legion.GetProperty("i_am_the_lord").GetInt64(),
            legion.GetProperty("lord_uuid").GetString() ?? "",
            legion.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("uuid").GetString() ?? "").ToList(),
            drops);
    }

    public override string ToString() =>
        $"pid {Pid} valor {Valor} {(IsLord ? "LORD" : "not lord")}, votes {LordUuid[..Math.Min(8, LordUuid.Length)]}, {Members.Count} member(s)" +
        (Drops.Count > 0 ? $", drops {string.Join(" ", Drops.Select(d => $"{d.Key}={d.Value}"))}" : "");
}
