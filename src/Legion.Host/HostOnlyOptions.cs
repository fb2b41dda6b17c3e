using System.Globalization;
using System.Net;
using Legion.Actors.Configuration;

namespace Legion.Host;

/// <summary>
/// Options of the <c>legion</c> host itself, which uWSGI does not have: taken off the command line before the
/// uWSGI option parser sees the rest, as <c>--opt value</c> or <c>--opt=value</c>.
/// <list type="bullet">
/// <item><c>--control ADDR</c>: serve the control endpoint and live status page over HTTP on <c>PORT</c> or
/// <c>:PORT</c> (127.0.0.1) or <c>HOST:PORT</c>. Off by default. Any address other than loopback needs a token.</item>
/// <item><c>--control-token-file FILE</c>: the token callers must send (<c>Authorization: Bearer TOKEN</c>) to read
/// and to change the node; or the environment variable <c>LEGION_CONTROL_TOKEN</c>. Never logged. Without either, the
/// node makes a token that guards changes only, in a file only its user can read (<see cref="ControlTokenFile"/>).</item>
/// <item><c>--control-allowed-hosts NAME[,NAME...]</c>: host names the control endpoint answers to besides
/// <c>localhost</c>, loopback addresses and its bound address (the <c>Host</c> check that defeats DNS rebinding), e.g.
/// the name a reverse proxy or the operator uses.</item>
/// <item><c>--otlp-endpoint URL</c>: export the <c>Legion</c> meter with OpenTelemetry's OTLP exporter; also on when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</item>
/// <item><c>--log-config FILE</c>: a JSON file whose <c>Serilog</c> section sets sinks and levels
/// (Serilog.Settings.Configuration); or <c>LEGION_LOG_CONFIG</c>. The JIT host only: the native host refuses it (see
/// <see cref="HostLogging"/>).</item>
/// <item><c>--node-name NAME</c>: the name announced instead of the machine's host name (uWSGI always announces
/// its host name), for several nodes on one machine or containers with random host names.</item>
/// </list>
/// </summary>
/// <param name="Control">Where to bind the control endpoint; null for none.</param>
/// <param name="ControlToken">The token it requires; null for none (loopback only).</param>
/// <param name="OtlpEndpoint">Where to export metrics; null for the exporter's default when <paramref name="Otlp"/> is set.</param>
/// <param name="Otlp">True to export metrics over OTLP.</param>
/// <param name="LogConfigFile">The Serilog configuration file; null for the console defaults.</param>
/// <param name="NodeName">The name to announce; null for the host name.</param>
/// <param name="ControlAllowedHosts">Further host names the control endpoint answers to; null for none.</param>
internal sealed record HostOnlyOptions(IPEndPoint? Control, string? ControlToken, Uri? OtlpEndpoint, bool Otlp, string? LogConfigFile, string? NodeName = null,
    IReadOnlyList<string>? ControlAllowedHosts = null)
{
    private static readonly string[] Names = ["control", "control-token-file", "control-allowed-hosts", "otlp-endpoint", "log-config", "node-name"];

    /// <summary>Takes the host-only options off <paramref name="args"/>.</summary>
    /// <param name="args">The whole command line.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns>The options and the arguments left for the uWSGI option parser, in order.</returns>
    /// <exception cref="LegionConfigurationException">A host-only option is malformed, or the native host is asked for
/// <c>--log-config</c>; the message names it.</exception>
    public static (HostOnlyOptions Options, string[] Remaining) Extract(string[] args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = Names.FirstOrDefault(n => arg == "--" + n || arg.StartsWith("--" + n + "=", StringComparison.Ordinal));
            if (name is null)
            {
                rest.Add(arg);
                continue;
            }
            if (arg.Contains('=', StringComparison.Ordinal))
            {
                values[name] = arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                values[name] = args[++i];
            }
            else
            {
                throw new LegionConfigurationException("--" + name, "the option has no value", null, ValueOf(name));
            }
        }

        var token = values.TryGetValue("control-token-file", out var tokenFile)
            ? ReadToken(tokenFile)
            : NonEmpty(environment("LEGION_CONTROL_TOKEN"));
        IPEndPoint? control = values.TryGetValue("control", out var controlText) ? ParseControl(controlText) : null;
        if (control is not null && !IPAddress.IsLoopback(control.Address) && token is null)
        {
            throw new LegionConfigurationException("--control", $"binding {control} (not loopback) needs a token", controlText,
                "a token in --control-token-file FILE or LEGION_CONTROL_TOKEN, or a 127.0.0.1 address");
        }

        Uri? otlp = null;
        if (values.TryGetValue("otlp-endpoint", out var otlpText) && !Uri.TryCreate(otlpText, UriKind.Absolute, out otlp))
        {
            throw new LegionConfigurationException("--otlp-endpoint", $"'{otlpText}' is not an absolute URL", otlpText, ValueOf("otlp-endpoint"));
        }
        bool otlpOn = otlp is not null || NonEmpty(environment("OTEL_EXPORTER_OTLP_ENDPOINT")) is not null;

        var logConfig = values.GetValueOrDefault("log-config") ?? NonEmpty(environment("LEGION_LOG_CONFIG"));
        if (logConfig is not null && !HostLogging.ReadsConfigurationFiles)
        {
            throw new LegionConfigurationException(values.ContainsKey("log-config") ? "--log-config" : "LEGION_LOG_CONFIG",
                "the native legion host cannot read a Serilog configuration file (Serilog.Settings.Configuration finds and binds sinks by reflection, which Native AOT does not keep)",
                logConfig, "no --log-config and no LEGION_LOG_CONFIG (LEGION_LOG_LEVEL still sets the level), or the JIT host (dotnet legion.dll) for sinks and levels from a file");
        }
        if (logConfig is not null && !File.Exists(logConfig))
        {
            throw new LegionConfigurationException("--log-config", $"no such file '{logConfig}'", logConfig, ValueOf("log-config"));
        }
        var nodeName = values.GetValueOrDefault("node-name");
        if (nodeName is not null && (nodeName.Length == 0 || nodeName.Any(char.IsWhiteSpace) || System.Text.Encoding.UTF8.GetByteCount(nodeName) > 255))
        {
            throw new LegionConfigurationException("--node-name", "the name is empty, has white space or is longer than 255 bytes", nodeName, ValueOf("node-name"));
        }
        string[]? allowedHosts = null;
        if (values.TryGetValue("control-allowed-hosts", out var hostsText))
        {
            allowedHosts = hostsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (allowedHosts.Length == 0 || allowedHosts.Any(h => !IsHostName(h)))
            {
                throw new LegionConfigurationException("--control-allowed-hosts", $"'{hostsText}' is not a list of host names", hostsText, ValueOf("control-allowed-hosts"));
            }
        }
        return (new HostOnlyOptions(control, token, otlp, otlpOn, logConfig, nodeName, allowedHosts), [.. rest]);
    }

    /// <summary>Records print every property; the token must never reach a log line.</summary>
    public override string ToString() =>
        $"HostOnlyOptions {{ Control = {Control?.ToString() ?? "off"}, ControlToken = {(ControlToken is null ? "none" : "***")}, ControlAllowedHosts = [{string.Join(", ", ControlAllowedHosts ?? [])}], " +
        $"Otlp = {Otlp}, LogConfigFile = {LogConfigFile ?? "none"}, NodeName = {NodeName ?? "host name"} }}";

    // A DNS name: letters, digits, '-' and '.', as a Host header carries it.
    private static bool IsHostName(string name) =>
        name.Length is > 0 and <= 253 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    private static IPEndPoint ParseControl(string text)
    {
        const string expected = "PORT or :PORT (on 127.0.0.1) or HOST:PORT, PORT 0..65535 (0 picks a free one)";
        int colon = text.LastIndexOf(':');
        string host = colon < 0 ? "" : text[..colon].Trim('[', ']');
        string portText = colon < 0 ? text : text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > ushort.MaxValue)
        {
            throw new LegionConfigurationException("--control", $"'{portText}' is not a port", text, expected);
        }
        IPAddress address;
        if (host.Length == 0)
        {
            address = IPAddress.Loopback;
        }
        else if (host == "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            throw new LegionConfigurationException("--control", $"'{host}' is not an IP address", text, expected);
        }
        return new IPEndPoint(address, port);
    }

    private static string ReadToken(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LegionConfigurationException("--control-token-file", $"cannot read '{file}': {ex.Message}", file, ValueOf("control-token-file"));
        }
        return text.Length > 0 ? text
            : throw new LegionConfigurationException("--control-token-file", $"'{file}' is empty", file, ValueOf("control-token-file"));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string ValueOf(string name) => name switch
    {
        "control" => "--control PORT, :PORT or HOST:PORT",
        "control-token-file" => "--control-token-file FILE, a readable file holding the token",
        "control-allowed-hosts" => "--control-allowed-hosts NAME[,NAME...], host names such as legion-1.example.internal",
        "otlp-endpoint" => "--otlp-endpoint URL, e.g. http://127.0.0.1:4317",
        "node-name" => "--node-name NAME, one word of at most 255 bytes",
        _ => "--log-config FILE, a JSON file with a Serilog section",
    };
}
