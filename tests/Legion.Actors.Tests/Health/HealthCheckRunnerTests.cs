using System.Net;
using System.Net.Sockets;
using Legion.Actors.Configuration;
using Legion.Actors.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Health;

/// <summary>The real checks: real commands, a real TCP listener and a real HTTP server, all on this machine (127.0.0.1).</summary>
public sealed class HealthCheckRunnerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly HealthCheckContext _context = new("web", new XunitLoggerFactory(output).CreateLogger("health"));

    private Task<HealthCheckResult> Run(string check, CancellationToken cancellationToken = default) =>
        HealthCheckRunner.Default.RunAsync(LegionHealthCheckSpec.Parse(check), _context, cancellationToken);

    [Theory]
    [InlineData("cmd:true", true, "exit code 0")]
    [InlineData("cmd:false", false, "exit code 1")]
    [InlineData("cmd:exit 3", false, "exit code 3")]
    [InlineData("name=env cmd:test \"$LEGION_NAME\" = web && test \"$LEGION_HEALTH_CHECK\" = env", true, "exit code 0")]
    [InlineData("cmd:/no/such/program", false, "exit code 127")]
    public async Task A_command_passes_on_exit_code_0_and_sees_its_legion_and_label(string check, bool healthy, string detail) =>
        Assert.Equal(new HealthCheckResult(healthy, detail), await Run(check));

    [Fact]
    public async Task A_cancelled_command_is_killed_with_its_whole_process_group_even_children_that_left_its_tree()
    {
        using var dir = new Configuration.TempDirectory();
        var pidFile = Path.Combine(dir.Path, "orphan.pid");
        using var cancel = new CancellationTokenSource();
        // The subshell starts a sleep and exits at once: that sleep is re-parented, out of the shell's process tree,
        // but still in its process group.
        var run = Run($"cmd:(sleep 300 & echo $! > {pidFile}); sleep 300", cancel.Token);
        var orphan = await Eventually.Until("the orphan's pid file", _ => Task.FromResult(File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : ""),
            pid => pid.Length > 0, Patience, () => "no pid file");
        var pid = int.Parse(orphan, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ProcessState.IsRunning(pid));

        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(HealthCheckResult.Fail("cancelled; killed with its process group"), result);
        await Eventually.Until("the orphan is killed", _ => Task.FromResult(ProcessState.IsRunning(pid)), running => !running, Patience, () => $"pid {pid} still runs");
    }

    [Fact]
    public async Task A_tcp_check_passes_while_something_listens_and_fails_once_it_stops()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var check = $"tcp:127.0.0.1:{port}";

        Assert.Equal(HealthCheckResult.Pass("connected"), await Run(check));

        listener.Stop();
        Assert.Equal(HealthCheckResult.Fail("connection refused"), await Run(check));
    }

    [Fact]
    public async Task A_tcp_check_to_a_name_resolves_it()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Assert.Equal(HealthCheckResult.Pass("connected"), await Run($"tcp:localhost:{port}"));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task An_http_check_passes_on_2xx_and_fails_on_503_on_a_redirect_and_once_the_server_is_gone()
    {
        int status = 200;
        await using var server = await HttpServer.StartAsync(() => status);
        var check = $"http:{server.Url}health";

        Assert.Equal(HealthCheckResult.Pass("HTTP 200"), await Run(check));
        status = 204;
        Assert.Equal(HealthCheckResult.Pass("HTTP 204"), await Run(check));
        status = 503;
        Assert.Equal(HealthCheckResult.Fail("HTTP 503"), await Run(check));
        status = 302;
        Assert.Equal(HealthCheckResult.Fail("HTTP 302"), await Run(check));
        status = 200;
        Assert.Equal(HealthCheckResult.Pass("HTTP 200"), await Run(server.Url + "health"));

        await server.DisposeAsync();
        Assert.Equal(HealthCheckResult.Fail("connection refused"), await Run(check));
    }

    [Fact]
    public async Task A_cancelled_http_check_ends_at_once_as_failed()
    {
        var gate = new TaskCompletionSource();
        await using var server = await HttpServer.StartAsync(() => 200, gate.Task);
        using var cancel = new CancellationTokenSource();

        var run = Run($"http:{server.Url}slow", cancel.Token);
        await cancel.CancelAsync();

        Assert.Equal(HealthCheckResult.Fail("cancelled"), await run);
        gate.SetResult();
    }

    /// <summary>A Kestrel server on 127.0.0.1 answering every request with the current status.</summary>
    private sealed class HttpServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private bool _disposed;

        private HttpServer(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        /// <summary>E.g. <c>http://127.0.0.1:41234/</c>.</summary>
        public string Url { get; }

        public static async Task<HttpServer> StartAsync(Func<int> status, Task? delay = null)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(async context =>
            {
                if (delay is not null)
                {
                    await delay;
                }
                context.Response.StatusCode = status();
                if (context.Response.StatusCode == 302)
                {
                    context.Response.Headers.Location = "/elsewhere";
                }
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new HttpServer(app, address.TrimEnd('/') + "/");
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
