using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Health;

/// <summary>
/// The real health checks: <c>cmd:COMMAND</c> runs <c>/bin/sh -c COMMAND</c> in a session and process group of its
/// own and passes on exit code 0 (on cancellation the whole group gets SIGKILL, then any descendant left in the
/// process tree); <c>tcp:HOST:PORT</c> passes when a TCP connection is established (then closed at once);
/// <c>http:URL</c> passes on a 2xx answer to a GET, sent with <c>Connection: close</c> on a fresh connection,
/// without following redirects (a 3xx fails: a health endpoint should answer itself) and without a proxy (checks
/// target this node's own services). Every run starts on the thread pool, so a slow process start or name lookup
/// never holds up the calling actor. Thread-safe; one instance serves every check.
/// </summary>
public sealed class HealthCheckRunner : IHealthCheckRunner
{
    private const string Shell = "/bin/sh";

    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    /// <summary>The shared instance.</summary>
    public static HealthCheckRunner Default { get; } = new();

    /// <inheritdoc />
    public Task<HealthCheckResult> RunAsync(LegionHealthCheckSpec check, HealthCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(context);
        return Task.Run(() => check.Kind switch
        {
            HealthCheckKind.Command => RunCommandAsync(check, context, cancellationToken),
            HealthCheckKind.Tcp => ConnectAsync(check.Target, cancellationToken),
            HealthCheckKind.Http => GetAsync(check.Target, cancellationToken),
            _ => Task.FromResult(HealthCheckResult.Fail($"unknown kind {check.Kind}")),
        }, CancellationToken.None);
    }

    private static async Task<HealthCheckResult> RunCommandAsync(LegionHealthCheckSpec check, HealthCheckContext context, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string> { ["LEGION_NAME"] = context.Legion, ["LEGION_HEALTH_CHECK"] = check.Label };
        Process process;
        try
        {
            process = ShellProcess.Start(Shell, check.Target, environment, context.Logger, $"{context.Legion} health {check.Label}",
                newSession: true, outputLevel: LogLevel.Debug);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return HealthCheckResult.Fail($"cannot start {Shell}: {ex.Message}");
        }

        using (process)
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Never kill inside the canceller's call (it may be an actor's turn): the kill waits for the exit.
                await Task.Yield();
                KillGroup(process);
                return HealthCheckResult.Fail("cancelled; killed with its process group");
            }

            process.WaitForExit();
            return process.ExitCode == 0
                ? HealthCheckResult.Pass("exit code 0")
                : HealthCheckResult.Fail(string.Create(CultureInfo.InvariantCulture, $"exit code {process.ExitCode}"));
        }
    }

    private static void KillGroup(Process process)
    {
        try
        {
            // The shell leads its own process group (setsid), so children that left the tree die with it.
            UnixProcess.Signal(process.Id, UnixProcess.SIGKILL);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        ShellProcess.Kill(process);
    }

    private static async Task<HealthCheckResult> ConnectAsync(string target, CancellationToken cancellationToken)
    {
        if (LegionHealthCheckSyntax.SplitHostPort(target) is not var (host, port))
        {
            return HealthCheckResult.Fail($"'{target}' is not HOST:PORT");
        }
        try
        {
            using var client = new TcpClient(IPAddress.TryParse(host, out var ip) ? ip.AddressFamily : AddressFamily.InterNetwork);
            if (ip is not null)
            {
                await client.ConnectAsync(ip, port, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            }
            return HealthCheckResult.Pass("connected");
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Fail(Describe(ex));
        }
        catch (OperationCanceledException)
        {
            return HealthCheckResult.Fail("cancelled");
        }
    }

    private static async Task<HealthCheckResult> GetAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            int code = (int)response.StatusCode;
            var detail = string.Create(CultureInfo.InvariantCulture, $"HTTP {code}");
            return code is >= 200 and < 300 ? HealthCheckResult.Pass(detail) : HealthCheckResult.Fail(detail);
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Fail(ex.InnerException is SocketException socket ? Describe(socket) : ex.Message);
        }
        catch (OperationCanceledException)
        {
            return HealthCheckResult.Fail("cancelled");
        }
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        SocketError.TimedOut => "connect timed out",
        var code => $"{code}: {ex.Message}",
    };
}
