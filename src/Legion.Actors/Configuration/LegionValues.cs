using System.Globalization;
using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Actors.Configuration;

/// <summary>
/// Parsers for the single values inside legion options, shared by the uWSGI and the
/// Microsoft.Extensions.Configuration front ends so both accept and reject exactly the same things. Each
/// throws <see cref="LegionConfigurationException"/> with the given source and shown (already masked) value.
/// </summary>
internal static class LegionValues
{
    /// <summary>The longest Unix socket path Linux accepts (<c>sun_path</c> is 108 bytes with the terminator).</summary>
    public const int MaxUnixPathBytes = 107;

    /// <summary>The largest <c>legion-max-members</c> accepted: a bound on memory, far above any real legion.</summary>
    public const int MaxMembersLimit = 1_000_000;

    public const string AddressExpected = "HOST:PORT (UDP over IPv4; HOST an IPv4 address or a name, empty for any; PORT 1..65535)";

    public const string StatsAddressExpected = "HOST:PORT (TCP over IPv4; HOST an IPv4 address or a name, empty for any; PORT 1..65535)";

    /// <summary>
    /// Parses a legion address: <c>HOST:PORT</c> is UDP, anything without <c>:</c> a Unix datagram socket path
    /// (legion.c, <c>uwsgi_start_legions</c>). The text is split at its first colon, as uWSGI does. An empty
    /// HOST means every interface (uWSGI binds <c>INADDR_ANY</c>) and is stored as <c>0.0.0.0</c>.
    /// </summary>
    /// <param name="text">The address as written.</param>
    /// <param name="source">Where it was written.</param>
    /// <param name="shown">The masked value to show in errors.</param>
    /// <param name="what">What the address is, for messages (<c>address</c>, <c>node address</c>).</param>
    /// <param name="allowUnix">False where uWSGI accepts only UDP (<c>legion-node</c>, <c>legion-mcast</c>).</param>
    /// <param name="tcp">True for the stats server's TCP address (only the messages differ).</param>
    public static NodeAddress ParseAddress(string text, string source, string? shown, string what, bool allowUnix, bool tcp = false)
    {
        var hostPort = tcp ? StatsAddressExpected : AddressExpected;
        var expected = allowUnix ? hostPort + ", or a Unix datagram socket path without ':'" : hostPort;
        if (text.Length == 0)
        {
            throw new LegionConfigurationException(source, $"{what} is empty", shown, expected);
        }

        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            if (!allowUnix)
            {
                throw new LegionConfigurationException(source, $"{what} '{text}' has no ':PORT'", shown,
                    tcp ? hostPort + " (a Unix socket is not supported for stats yet)" : hostPort + " (uWSGI 2.0 accepts only UDP here)");
            }

            if (Encoding.UTF8.GetByteCount(text) > MaxUnixPathBytes)
            {
                throw new LegionConfigurationException(source, $"{what} is a Unix socket path longer than {MaxUnixPathBytes} bytes",
                    shown, expected);
            }

            return NodeAddress.Unix(text);
        }

        if (text.StartsWith('[') && !tcp)
        {
            return ParseIPv6(text, source, shown, what, hostPort);
        }

        var host = text[..colon];
        var port = text[(colon + 1)..];
        if (host.StartsWith('[') || port.Contains(':'))
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' looks like IPv6, which uWSGI 2.0 legions do not speak",
                shown, tcp ? hostPort : hostPort + ", or [IPV6]:PORT as an extension that uWSGI 2.0 cannot speak");
        }

        if (port.Length == 0 || port.Length > 5 || !port.All(char.IsAsciiDigit)
            || int.Parse(port, CultureInfo.InvariantCulture) is < 1 or > 65535)
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' has port '{port}', not 1..65535", shown, hostPort);
        }

        if (host.Length > 0 && !IsIPv4(host) && !IsHostName(host))
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' has host '{host}', which is neither an IPv4 address nor a host name",
                shown, hostPort);
        }

        return NodeAddress.Udp(host.Length == 0 ? "0.0.0.0" : host, int.Parse(port, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Parses this project's IPv6 extension, <c>[ADDRESS]:PORT</c> (brackets as uWSGI writes IPv6 for its other
    /// sockets). uWSGI 2.0's legions bind and send over IPv4 only (socket.c, <c>bind_to_udp</c>;
    /// <c>socket_to_in_addr</c>), so such a legion can only hold nodes of this project. Multicast groups (ff00::/8)
    /// are refused.
    /// </summary>
    private static NodeAddress ParseIPv6(string text, string source, string? shown, string what, string hostPort)
    {
        var expected = "[IPV6]:PORT (an extension: uWSGI 2.0 legions speak IPv4 only), or " + hostPort;
        var close = text.IndexOf(']');
        if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' is not [IPV6]:PORT", shown, expected);
        }

        var host = text[1..close];
        var port = text[(close + 2)..];
        if (!System.Net.IPAddress.TryParse(host, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' has host '{host}', which is not an IPv6 address", shown, expected);
        }

        if (host.Contains('%', StringComparison.Ordinal) && ip.ScopeId == 0)
        {
            // IPAddress.TryParse keeps an unknown zone as scope 0, i.e. drops it: the bind would then fail at run time.
            throw new LegionConfigurationException(source, $"{what} '{text}' has zone '{host[(host.IndexOf('%') + 1)..]}', which names no network interface of this host",
                shown, "[IPV6%INTERFACE]:PORT with an interface name or index this host has (ip link), or no zone");
        }

        if (ip.IsIPv6Multicast)
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' is an IPv6 multicast group, which is not supported", shown, expected);
        }

        if (port.Length == 0 || port.Length > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, CultureInfo.InvariantCulture) is < 1 or > 65535)
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' has port '{port}', not 1..65535", shown, expected);
        }

        return NodeAddress.Udp(ip.ToString(), int.Parse(port, CultureInfo.InvariantCulture));
    }

    /// <summary>Parses a valor: a whole number 0..65535.</summary>
    public static ushort ParseValor(string text, string source, string? shown)
    {
        const string expected = "a whole number 0..65535 (0 makes the node an arbiter; uWSGI 2.0 stores valors as 16 bits, " +
            "so a larger one would not survive the trip to its peers)";
        if (!IsDigits(text))
        {
            throw new LegionConfigurationException(source, $"valor '{text}' is not a whole number", shown, expected);
        }

        if (text.Length > 5 || int.Parse(text, CultureInfo.InvariantCulture) > ushort.MaxValue)
        {
            throw new LegionConfigurationException(source, $"valor {text} is out of range", shown, expected);
        }

        return ushort.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a whole number in <c>[min, max]</c>.</summary>
    public static long ParseWhole(string text, string source, string? shown, string what, long min, long max)
    {
        var expected = max >= int.MaxValue ? $"a whole number, at least {min}" : $"a whole number {min}..{max}";
        if (text.StartsWith('-') && IsDigits(text[1..]))
        {
            throw new LegionConfigurationException(source, $"{what} {text} is negative", shown, expected);
        }

        if (!IsDigits(text))
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' is not a whole number", shown, expected);
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new LegionConfigurationException(source, $"{what} {text} is out of range", shown, expected);
        }

        return n;
    }

    /// <summary>Parses a duration (<see cref="LegionDuration"/>); zero only when <paramref name="allowZero"/>.</summary>
    public static TimeSpan ParseDuration(string text, string source, string? shown, string what, bool allowZero)
    {
        var expected = (allowZero ? "zero or a positive duration: " : "a positive duration: ") + LegionDuration.Syntax;
        if (!LegionDuration.TryParse(text, out var duration))
        {
            throw new LegionConfigurationException(source, $"{what} '{text}' is not a duration", shown, expected);
        }

        if (duration == TimeSpan.Zero && !allowZero)
        {
            throw new LegionConfigurationException(source, $"{what} must be positive", shown, expected);
        }

        return duration;
    }

    /// <summary>Checks a cipher name against <see cref="CipherSuites.Supported"/>; returns it in lower case.</summary>
    public static string ParseCipher(string text, string source, string? shown)
    {
        if (!CipherSuites.IsSupported(text))
        {
            throw new LegionConfigurationException(source, $"unknown cipher '{text}'", shown,
                $"one of {string.Join(", ", CipherSuites.Supported)}");
        }

        return text.ToLowerInvariant();
    }

    /// <summary>Checks a legion name: non-empty, no white space, no control characters.</summary>
    public static string ParseName(string text, string source, string? shown)
    {
        if (text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new LegionConfigurationException(source, $"legion name '{text}' is empty or contains white space", shown,
                "a non-empty name without spaces");
        }

        return text;
    }

    /// <summary>
    /// Checks the argument of the action kinds whose argument has a syntax: <c>signal:N</c> (a whole number 0..255, as
    /// uWSGI's signals are 8 bits; uWSGI would read anything else as 0 or wrap it) and <c>alarm:NAME MESSAGE</c> (NAME
    /// declared with <c>alarm</c>; uWSGI silently ignores an undeclared one). Returns the problem, or null.
    /// </summary>
    /// <param name="kind">The action kind.</param>
    /// <param name="argument">Its argument.</param>
    /// <param name="alarms">The declared alarms.</param>
    public static string? CheckActionArgument(string kind, string argument, IReadOnlyList<LegionAlarmSpec> alarms)
    {
        switch (kind)
        {
            case "signal":
                return IsDigits(argument) && argument.Length <= 3 && int.Parse(argument, CultureInfo.InvariantCulture) <= 255
                    ? null
                    : $"signal '{argument}' is not a signal number 0..255";
            case "alarm":
                var space = argument.IndexOf(' ');
                if (space <= 0)
                {
                    return $"alarm action '{argument}' has no NAME followed by a space and a message";
                }

                var name = argument[..space];
                return alarms.Any(a => a.Name == name)
                    ? null
                    : $"alarm '{name}' is not declared" + (alarms.Count == 0 ? " (no alarm is)" : $" (declared: {string.Join(", ", alarms.Select(a => a.Name).Distinct())})");
            default:
                return null;
        }
    }

    /// <summary>What <see cref="CheckActionArgument"/> expects of a kind, for error messages.</summary>
    public static string ActionArgumentExpected(string kind) => kind switch
    {
        "signal" => "signal:N with N a whole number 0..255",
        "alarm" => "alarm:NAME MESSAGE, NAME declared with 'alarm = NAME KIND:ARGUMENT'",
        _ => "KIND:ARGUMENT",
    };

    /// <summary>True for a dotted-quad IPv4 address with every part 0..255.</summary>
    public static bool IsIPv4(string host)
    {
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && IsDigits(p)
            && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsHostName(string host)
    {
        // All-numeric dotted text that is not a valid IPv4 address is a typo, not a name.
        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return false;
        }

        var name = host.EndsWith('.') ? host[..^1] : host;
        return name.Length is > 0 and <= 253 && name.Split('.').All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);
}
