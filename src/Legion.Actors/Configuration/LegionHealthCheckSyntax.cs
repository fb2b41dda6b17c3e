using Legion.Actors.Model;

namespace Legion.Actors.Configuration;

/// <summary>
/// Reads <c>[interval=DURATION] [timeout=DURATION] [penalty=N|ineligible] [rise=N] [fall=N] [name=LABEL] CHECK</c>,
/// the part of a <c>legion-health</c> value after the legion name (see <see cref="LegionHealthCheckSpec"/>), and
/// checks a spec built in code. Errors follow the other options': source, value, what was expected.
/// </summary>
internal static class LegionHealthCheckSyntax
{
    public const string Expected =
        "legion-health = NAME [interval=DURATION] [timeout=DURATION] [penalty=N|ineligible] [rise=N] [fall=N] [name=LABEL] CHECK, " +
        "with CHECK last: cmd:COMMAND, tcp:HOST:PORT or http:URL";

    private static readonly string[] OptionKeys = ["interval", "timeout", "penalty", "rise", "fall", "name"];

    /// <summary>Parses the text; <paramref name="warn"/> receives warnings (null drops them).</summary>
    public static LegionHealthCheckSpec Parse(string text, string source, string? shown, Action<string>? warn)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        TimeSpan? interval = null, timeout = null;
        HealthPenalty? penalty = null;
        int? rise = null, fall = null;
        string? name = null;
        var rest = text.TrimStart();
        while (rest.Length > 0 && !IsCheck(rest))
        {
            var space = rest.IndexOf(' ');
            var word = space < 0 ? rest : rest[..space];
            rest = space < 0 ? "" : rest[(space + 1)..].TrimStart();
            var equals = word.IndexOf('=');
            var key = word == "ineligible" ? "penalty" : equals > 0 ? word[..equals] : word;
            var value = equals > 0 ? word[(equals + 1)..] : "";
            if (word != "ineligible" && (equals <= 0 || !OptionKeys.Contains(key, StringComparer.Ordinal)))
            {
                throw new LegionConfigurationException(source,
                    equals > 0 ? $"unknown health check option '{key}'" : $"'{word}' is neither a health check option nor a check", shown,
                    Expected + " (the kinds of check are cmd, tcp and http)");
            }
            if (!seen.Add(key))
            {
                throw new LegionConfigurationException(source,
                    key == "penalty" ? "the penalty is given twice (penalty=N and ineligible exclude each other)" : $"health check option '{key}' is given twice", shown, Expected);
            }
            switch (key)
            {
                case "interval":
                    interval = LegionValues.ParseDuration(value, source, shown, "health check interval", allowZero: false);
                    break;
                case "timeout":
                    timeout = LegionValues.ParseDuration(value, source, shown, "health check timeout", allowZero: false);
                    break;
                case "penalty":
                    penalty = word == "ineligible"
                        ? HealthPenalty.MakesIneligible
                        : HealthPenalty.Of((ulong)LegionValues.ParseWhole(value, source, shown, "health check penalty", 1, (long)ValorRequest.MaxValor));
                    break;
                case "rise":
                    rise = (int)LegionValues.ParseWhole(value, source, shown, "health check rise", 1, LegionHealthCheckSpec.MaxRiseFall);
                    break;
                case "fall":
                    fall = (int)LegionValues.ParseWhole(value, source, shown, "health check fall", 1, LegionHealthCheckSpec.MaxRiseFall);
                    break;
                default:
                    if (value.Length == 0)
                    {
                        throw new LegionConfigurationException(source, "the health check name is empty", shown, "name=LABEL with a LABEL of one word");
                    }
                    name = value;
                    break;
            }
        }
        if (rest.Length == 0)
        {
            throw new LegionConfigurationException(source, "the health check has no check", shown, Expected);
        }

        var (kind, target) = ParseCheck(rest, source, shown, warn);
        var spec = new LegionHealthCheckSpec
        {
            Kind = kind,
            Target = target,
            Name = name,
            Interval = interval ?? LegionHealthCheckSpec.DefaultInterval,
            Timeout = timeout ?? (interval is { } i && i < LegionHealthCheckSpec.DefaultTimeout ? i : LegionHealthCheckSpec.DefaultTimeout),
            Penalty = penalty ?? HealthPenalty.MakesIneligible,
            Rise = rise ?? LegionHealthCheckSpec.DefaultRise,
            Fall = fall ?? LegionHealthCheckSpec.DefaultFall,
            Source = source,
        };
        Check(spec, source, shown);
        return spec;
    }

    /// <summary>Checks the rules that span fields (and every field of a spec built in code).</summary>
    public static void Check(LegionHealthCheckSpec spec, string source, string? shown)
    {
        shown ??= spec.ToString();
        if (spec.Interval <= TimeSpan.Zero || spec.Timeout <= TimeSpan.Zero)
        {
            throw new LegionConfigurationException(source, "the health check interval and timeout must be positive", shown, Expected);
        }
        if (spec.Timeout > spec.Interval)
        {
            throw new LegionConfigurationException(source,
                $"the health check timeout {LegionDuration.Format(spec.Timeout)} is longer than its interval {LegionDuration.Format(spec.Interval)}", shown,
                "a timeout no longer than the interval: a run must end before the next one is due (runs never overlap)");
        }
        if (spec.Rise is < 1 or > LegionHealthCheckSpec.MaxRiseFall || spec.Fall is < 1 or > LegionHealthCheckSpec.MaxRiseFall)
        {
            throw new LegionConfigurationException(source, "health check rise or fall is out of range", shown,
                $"rise=N and fall=N with N 1..{LegionHealthCheckSpec.MaxRiseFall}");
        }
        if (!spec.Penalty.Ineligible && spec.Penalty.Amount is < 1 or > ValorRequest.MaxValor || spec.Penalty.Ineligible && spec.Penalty.Amount != 0)
        {
            throw new LegionConfigurationException(source, $"health check penalty '{spec.Penalty}' is out of range", shown,
                $"penalty=N with N 1..{ValorRequest.MaxValor}, or ineligible");
        }
        if (spec.Name is { } name && (name.Length == 0 || name.Any(char.IsWhiteSpace)))
        {
            throw new LegionConfigurationException(source, $"health check name '{name}' is empty or contains white space", shown, "name=LABEL with a LABEL of one word");
        }
        var problem = spec.Kind switch
        {
            HealthCheckKind.Command => spec.Target.Trim().Length == 0 ? "the cmd: health check has no command" : null,
            HealthCheckKind.Tcp => TcpProblem(spec.Target),
            HealthCheckKind.Http => HttpProblem(spec.Target),
            _ => $"unknown health check kind {spec.Kind}",
        };
        if (problem is not null)
        {
            throw new LegionConfigurationException(source, problem, shown, Expected);
        }
    }

    /// <summary>Splits <c>HOST:PORT</c> of a tcp check (HOST a name, IPv4 address or <c>[IPV6]</c>); null when malformed.</summary>
    public static (string Host, int Port)? SplitHostPort(string target)
    {
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }
        var host = target[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return System.Net.IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? (host[1..^1], port)
                : null;
        }
        return host.Contains(':') || Uri.CheckHostName(host) == UriHostNameType.Unknown ? null : (host, port);
    }

    private static bool IsCheck(string rest) =>
        rest.StartsWith("cmd:", StringComparison.Ordinal) || rest.StartsWith("tcp:", StringComparison.Ordinal)
        || rest.StartsWith("http:", StringComparison.Ordinal) || rest.StartsWith("https:", StringComparison.Ordinal);

    private static (HealthCheckKind Kind, string Target) ParseCheck(string check, string source, string? shown, Action<string>? warn)
    {
        if (check.StartsWith("cmd:", StringComparison.Ordinal))
        {
            var command = check[4..];
            var last = command.TrimEnd();
            var lastWord = last[(last.LastIndexOf(' ') + 1)..];
            if (warn is not null && (lastWord == "ineligible" || OptionKeys.Any(k => lastWord.StartsWith(k + "=", StringComparison.Ordinal))))
            {
                warn($"{source}: the health check command ends with '{lastWord}', which goes to the shell as part of the command; " +
                    "put health check options before the check (legion-health = NAME [OPTIONS] cmd:COMMAND)");
            }
            return (HealthCheckKind.Command, command);
        }
        var (kind, target) = check.StartsWith("tcp:", StringComparison.Ordinal) ? (HealthCheckKind.Tcp, check[4..])
            : check.StartsWith("http://", StringComparison.Ordinal) || check.StartsWith("https:", StringComparison.Ordinal) ? (HealthCheckKind.Http, check)
            : (HealthCheckKind.Http, check[5..]);
        target = target.TrimEnd();
        if (target.Contains(' '))
        {
            throw new LegionConfigurationException(source, $"the {(kind == HealthCheckKind.Tcp ? "tcp" : "http")} health check '{target}' contains a space", shown,
                "options before the check and nothing after it: " + Expected);
        }
        return (kind, target);
    }

    private static string? TcpProblem(string target) =>
        SplitHostPort(target) is null
            ? $"tcp health check '{target}' is not HOST:PORT"
            + " (HOST a host name, an IPv4 address or [IPV6]; PORT 1..65535)"
            : null;

    private static string? HttpProblem(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? null
            : $"http health check '{target}' is not an absolute http:// or https:// URL";
}
