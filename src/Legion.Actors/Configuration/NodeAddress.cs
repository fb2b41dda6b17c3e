namespace Legion.Actors.Configuration;

/// <summary>
/// A legion socket address as uWSGI writes it: <c>HOST:PORT</c> is UDP (IPv4, port 1..65535), and an
/// address with no <c>:</c> is a Unix datagram socket path (legion.c, <c>uwsgi_start_legions</c>). As an
/// extension, <c>[IPV6]:PORT</c> is UDP over IPv6 (uWSGI 2.0 cannot speak it).
/// </summary>
/// <param name="Host">
/// Host name, IPv4 address or (extension) IPv6 address without brackets for UDP; null for a Unix socket. The parsers store uWSGI's empty host
/// (<c>:2000</c>, every interface) as <c>0.0.0.0</c>.
/// </param>
/// <param name="Port">UDP port 1..65535; 0 for a Unix socket.</param>
/// <param name="Path">Unix datagram socket path; null for UDP.</param>
public sealed record NodeAddress(string? Host, int Port, string? Path)
{
    /// <summary>True for a Unix datagram socket address.</summary>
    public bool IsUnix => Path is not null;

    /// <summary>
    /// True when <see cref="Host"/> is an IPv4 address in 224.0.0.0/4, which uWSGI 2.0 treats as a multicast
    /// group (socket.c, <c>bind_to_udp</c>: it looks only at the first number).
    /// </summary>
    public bool IsMulticast =>
        Host is not null
        && LegionValues.IsIPv4(Host)
        && int.Parse(Host.AsSpan(0, Host.IndexOf('.')), System.Globalization.CultureInfo.InvariantCulture) is >= 224 and <= 239;

    /// <summary>A UDP address.</summary>
    public static NodeAddress Udp(string host, int port) => new(host, port, null);

    /// <summary>A Unix datagram socket address.</summary>
    public static NodeAddress Unix(string path) => new(null, 0, path);

    /// <summary>True for an IPv6 address (this project's <c>[ADDRESS]:PORT</c> extension; uWSGI 2.0 legions are IPv4 only).</summary>
    public bool IsIPv6 => Host is not null && Host.Contains(':', StringComparison.Ordinal);

    /// <summary>The address as uWSGI writes it (an IPv6 host in brackets).</summary>
    public override string ToString() => Path ?? (IsIPv6 ? $"[{Host}]:{Port}" : $"{Host}:{Port}");
}
