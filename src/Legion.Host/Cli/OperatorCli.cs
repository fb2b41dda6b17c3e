using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Microsoft.Extensions.Configuration;

namespace Legion.Host.Cli;

/// <summary>
/// The operator's commands of the <c>legion</c> executable (System.CommandLine): one view and one control point
/// over many nodes, ours and uWSGI's.
/// <list type="bullet">
/// <item><c>legion status ADDR... [--watch [--interval DURATION]]</c>: stats of many nodes in one table per legion; exit 1 on
/// disagreement or an unreachable node. With <c>--watch</c> it keeps reading them until Ctrl-C (exit 0): in a terminal it
/// redraws the tables in place; otherwise it prints them again, under a time stamp, each time the legion changes.</item>
/// <item><c>legion step-down ADDR [--legion NAME] [--for DURATION] [--force]</c></item>
/// <item><c>legion set-valor ADDR VALOR [--legion NAME]</c>: VALOR is N, +N or -N</item>
/// <item><c>legion set-scroll ADDR TEXT [--legion NAME]</c></item>
/// <item><c>legion check-config FILE</c>: validates a uWSGI ini or an appsettings-style JSON file without starting anything.</item>
/// </list>
/// </summary>
internal static class OperatorCli
{
    private static readonly string[] Commands = ["status", "step-down", "set-valor", "set-scroll", "check-config"];

    /// <summary>True when the first argument names an operator command (a node run starts with an option).</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error, terminal: !Console.IsOutputRedirected);

    /// <summary>Runs an operator command.</summary>
    /// <param name="args">The command line, command first.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Ends a running command (<c>status --watch</c>) as Ctrl-C does.</param>
    /// <param name="terminal">True when <paramref name="output"/> is a terminal: <c>status --watch</c> redraws in place.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default, bool terminal = false)
    {
        var root = new RootCommand("legion - operate legion nodes (ours and uWSGI's)");
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "how long to wait for each node (e.g. 3s)",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(3),
            CustomParser = r => Duration(r.Tokens.Single().Value),
            Recursive = true,
        };
        var token = new Option<string?>("--token") { Description = "control token (or --token-file FILE, or LEGION_CONTROL_TOKEN; for a node on this machine, the token file it wrote)", Recursive = true };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "a file holding the control token", Recursive = true };
        root.Options.Add(timeout);
        root.Options.Add(token);
        root.Options.Add(tokenFile);
        string? Token(ParseResult p) =>
            p.GetValue(token) ?? (p.GetValue(tokenFile) is { } f ? File.ReadAllText(f.FullName).Trim() : null)
            ?? (Environment.GetEnvironmentVariable("LEGION_CONTROL_TOKEN") is { Length: > 0 } env ? env.Trim() : null);

        var addresses = new Argument<string[]>("ADDR") { Description = "stats servers as HOST:PORT (uWSGI's --stats or ours), or control endpoints as http://HOST:PORT", Arity = ArgumentArity.OneOrMore };
        var watch = new Option<bool>("--watch") { Description = "keep reading the nodes and redraw the tables as the legion changes, until Ctrl-C (exit 0)" };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "with --watch, how often to read the nodes (default 1s)",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(1),
            CustomParser = r => Duration(r.Tokens.Single().Value),
        };
        var status = new Command("status", "gather the stats of many nodes into one table per legion and flag disagreements") { addresses, watch, interval };
        status.SetAction(async (p, ct) => p.GetValue(watch)
            ? await Watch(p.GetValue(addresses)!, Token(p), p.GetValue(timeout), p.GetValue(interval), terminal, output, ct).ConfigureAwait(false)
            : await Status(p.GetValue(addresses)!, Token(p), p.GetValue(timeout), output, ct).ConfigureAwait(false));

        var address = new Argument<string>("ADDR") { Description = "the node's control endpoint (legion --control): HOST:PORT or a URL" };
        var legion = new Option<string?>("--legion") { Description = "the legion (default: the node's only legion)" };
        var period = new Option<TimeSpan?>("--for") { Description = "how long to stay out of the running (default 60s)", CustomParser = r => Duration(r.Tokens.Single().Value) };
        var force = new Option<bool>("--force") { Description = "step down even if no other member can take over" };
        var stepDown = new Command("step-down", "the Lord hands lordship over to the best other member (as MongoDB's rs.stepDown())") { address, legion, period, force };
        stepDown.SetAction(async (p, ct) =>
        {
            var query = $"?force={(p.GetValue(force) ? "true" : "false")}" + (p.GetValue(period) is { } d ? "&for=" + Uri.EscapeDataString(LegionDuration.Format(d)) : "");
            return await Control(p.GetValue(address)!, p.GetValue(legion), Token(p), p.GetValue(timeout), HttpMethod.Post, "step-down" + query, null, output, error, ct).ConfigureAwait(false);
        });

        var valor = new Argument<string>("VALOR") { Description = "N sets the valor, +N raises it, -N lowers it (0..65535)" };
        var setValor = new Command("set-valor", "set, raise or lower a node's valor at run time (uWSGI issue #100)") { address, valor, legion };
        setValor.SetAction(async (p, ct) =>
        {
            var text = p.GetValue(valor)!;
            if (!ValorRequest.TryParse(text, out var request))
            {
                await error.WriteLineAsync($"legion: '{text}' is not a valor: expected N, +N or -N").ConfigureAwait(false);
                return Program.ExitConfigError;
            }
            return await Control(p.GetValue(address)!, p.GetValue(legion), Token(p), p.GetValue(timeout), HttpMethod.Post,
                "valor?value=" + Uri.EscapeDataString(request.ToString()), null, output, error, ct).ConfigureAwait(false);
        });

        var scrollText = new Argument<string>("TEXT") { Description = "the new scroll (empty removes it)" };
        var setScroll = new Command("set-scroll", "replace a node's scroll and announce it at once") { address, scrollText, legion };
        setScroll.SetAction(async (p, ct) => await Control(p.GetValue(address)!, p.GetValue(legion), Token(p), p.GetValue(timeout), HttpMethod.Put,
            "scroll", p.GetValue(scrollText) ?? "", output, error, ct).ConfigureAwait(false));

        var file = new Argument<FileInfo>("FILE") { Description = "a uWSGI ini file ([uwsgi] section) or a JSON file with a Legion section" };
        var checkConfig = new Command("check-config", "validate a configuration as the node would, without starting anything") { file };
        checkConfig.SetAction(p => CheckConfig(p.GetValue(file)!, output, error));

        foreach (var command in new[] { status, stepDown, setValor, setScroll, checkConfig })
        {
            root.Subcommands.Add(command);
        }
        var parsed = root.Parse(args);
        // Ctrl-C ends a command the default way (exit 130), except status --watch, which catches it to exit 0.
        var config = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"legion: {parseError.Message}").ConfigureAwait(false);
            }
            await error.WriteLineAsync($"see 'legion {args[0]} --help'").ConfigureAwait(false);
            return Program.ExitConfigError;
        }
        return await parsed.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan Duration(string text) =>
        LegionDuration.TryParse(text, out var d) && d > TimeSpan.Zero ? d : throw new FormatException($"'{text}' is not a positive duration ({LegionDuration.Syntax})");

    private static async Task<int> Status(string[] addresses, string? token, TimeSpan timeout, TextWriter output, CancellationToken ct)
    {
        var (tables, unreachable) = await Gather(addresses, token, timeout, ct).ConfigureAwait(false);
        await output.WriteAsync(StatusReport.Render(tables, unreachable)).ConfigureAwait(false);
        return Verdict(tables, unreachable);
    }

    /// <summary>
    /// <c>legion status --watch</c>: reads the nodes every <paramref name="interval"/> until cancelled (Ctrl-C), then
    /// exits 0. In a terminal the tables are redrawn in place (cursor home, each line cleared to its end, the rest of
    /// the screen cleared: no flicker); otherwise, for a log or a pipe, they are printed again under a time stamp
    /// whenever anything but the "last seen" column changed.
    /// </summary>
    private static async Task<int> Watch(string[] addresses, string? token, TimeSpan timeout, TimeSpan interval, bool terminal, TextWriter output, CancellationToken ct)
    {
        // Ctrl-C (SIGINT) or SIGTERM is how an operator ends a watch: not a failure.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        ct = stop.Token;
        string? shown = null;
        try
        {
            while (true)
            {
                var (tables, unreachable) = await Gather(addresses, token, timeout, ct).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                var text = StatusReport.Render(tables, unreachable);
                var at = TimeProvider.System.GetLocalNow();
                var verdict = Verdict(tables, unreachable) == Program.ExitOk ? "ok" : "ATTENTION";
                if (terminal)
                {
                    var frame = $"legion status --watch: {verdict} at {at:HH:mm:ss}, every {LegionDuration.Format(interval)}; Ctrl-C to stop\n\n{text}";
                    await output.WriteAsync("\u001b[H" + frame.Replace("\n", "\u001b[K\n", StringComparison.Ordinal) + "\u001b[J").ConfigureAwait(false);
                }
                else if (StatusReport.Render(StatusReport.WithoutLastSeen(tables), unreachable) is var state && state != shown)
                {
                    await output.WriteAsync($"--- {at:yyyy-MM-dd HH:mm:ss}: {verdict}\n{text}").ConfigureAwait(false);
                    shown = state;
                }
                await output.FlushAsync(ct).ConfigureAwait(false);
                await Task.Delay(interval, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Program.ExitOk;
        }
    }

    private static int Verdict(IReadOnlyList<LegionTable> tables, IReadOnlyList<(string Source, string Error)> unreachable) =>
        unreachable.Count > 0 || tables.Any(t => t.Disagreements.Count > 0) ? Program.ExitCannotRun : Program.ExitOk;

    private static async Task<(IReadOnlyList<LegionTable> Tables, IReadOnlyList<(string Source, string Error)> Unreachable)> Gather(
        string[] addresses, string? token, TimeSpan timeout, CancellationToken ct)
    {
        var reads = addresses.Select(async a =>
        {
            try
            {
                return (a, Document: await StatsReader.ReadAsync(a, token, timeout, ct).ConfigureAwait(false), Error: (string?)null);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or HttpRequestException or OperationCanceledException or JsonException or FormatException)
            {
                return (a, Document: (StatsDocument?)null, Error: ex is OperationCanceledException ? $"no answer within {LegionDuration.Format(timeout)}" : ex.Message);
            }
        });
        var results = await Task.WhenAll(reads).ConfigureAwait(false);
        var tables = StatusReport.Build(results.Where(r => r.Document is not null).Select(r => r.Document!).ToList(), TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var unreachable = results.Where(r => r.Error is not null).Select(r => (r.a, r.Error!)).ToList();
        return (tables, unreachable);
    }

    private static async Task<int> Control(string address, string? legion, string? token, TimeSpan timeout, HttpMethod method, string action, string? body,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        try
        {
            token ??= NodeToken(address);
            var client = new ControlClient(address, token, timeout);
            var name = await client.ResolveLegionAsync(legion, ct).ConfigureAwait(false);
            var (accepted, message) = await client.SendAsync(method, $"legions/{Uri.EscapeDataString(name)}/{action}", body, ct).ConfigureAwait(false);
            await (accepted ? output : error).WriteLineAsync($"{name}@{address}: {(accepted ? "" : "refused: ")}{message}").ConfigureAwait(false);
            return accepted ? Program.ExitOk : Program.ExitCannotRun;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or HttpRequestException or OperationCanceledException or JsonException or FormatException or InvalidOperationException
            or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"legion: {address}: {(ex is OperationCanceledException ? $"no answer within {LegionDuration.Format(timeout)}" : ex.Message)}").ConfigureAwait(false);
            return Program.ExitCannotRun;
        }
    }

    /// <summary>
    /// The token a node on this machine made for itself (no token given with <c>--token</c>, <c>--token-file</c> or
    /// <c>LEGION_CONTROL_TOKEN</c>); null when there is none to find.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The file belongs to another user; the message says what to do.</exception>
    private static string? NodeToken(string address)
    {
        string? path;
        try
        {
            path = ControlClient.LocalTokenFile(address, Environment.GetEnvironmentVariable);
        }
        catch (UriFormatException)
        {
            return null;
        }
        if (path is null)
        {
            return null;
        }
        try
        {
            return ControlTokenFile.Read(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UnauthorizedAccessException($"cannot read the node's control token in {path}: only the node's user can; run this command as that user, or pass --token-file");
        }
    }

    private static int CheckConfig(FileInfo file, TextWriter output, TextWriter error)
    {
        var actions = LegionActionRegistry.CreateDefault();
        try
        {
            if (!file.Exists)
            {
                throw new LegionConfigurationException(file.FullName, "no such file", null, "a uWSGI ini file or a JSON file");
            }
            LegionConfigurationResult result;
            if (file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
            {
                var configuration = new ConfigurationBuilder().AddJsonFile(file.FullName, optional: false).Build();
                var section = configuration.GetSection("Legion");
                var settings = LegionConfigurationSettings.Default with { ActionKinds = actions.Kinds };
                result = LegionConfiguration.FromConfiguration(section.Exists() ? section : configuration, settings);
                LegionStartupCheck.Check(result.Options, actions);
            }
            else
            {
                result = HostConfiguration.Load(["--ini", file.FullName], actions);
            }
            Describe(file, result, output);
            return Program.ExitOk;
        }
        catch (LegionConfigurationException ex)
        {
            error.WriteLine($"legion: configuration error: {ex.Message}");
            return Program.ExitConfigError;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            error.WriteLine($"legion: configuration error: {file.FullName}: {ex.Message}");
            return Program.ExitConfigError;
        }
    }

    private static void Describe(FileInfo file, LegionConfigurationResult result, TextWriter output)
    {
        var o = result.Options;
        output.WriteLine($"{file.FullName}: OK, {o.Legions.Count} legion(s); freq {LegionDuration.Format(o.Frequency)}, tolerance {LegionDuration.Format(o.Tolerance)}, " +
            $"skew tolerance {LegionDuration.Format(o.SkewTolerance)}{(o.StatsAddress is null ? "" : ", stats on " + o.StatsAddress)}");
        foreach (var l in o.Legions)
        {
            output.WriteLine($"  legion {l.Name}: {l.Address}, valor {l.Valor}{(l.Valor == 0 ? " (arbiter)" : "")}, {l.Cipher}, " +
                $"{l.Nodes.Count} node(s){(l.Nodes.Count > 0 ? " (" + string.Join(", ", l.Nodes) + ")" : "")}, quorum {l.Quorum}, {l.Actions.Count} action(s){(l.Scroll is null ? "" : ", scroll")}" +
                (l.HealthChecks.Count > 0 ? $", {l.HealthChecks.Count} health check(s)" : ""));
        }
        foreach (var warning in result.Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }
    }
}
