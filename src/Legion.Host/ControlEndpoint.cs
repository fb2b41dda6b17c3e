using System.Net;
using System.Security.Cryptography;
using System.Text;
using Legion.Actors.Actors;
using Legion.Actors.Hosting;
using Legion.Actors.Kernel;
using Legion.Actors.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Legion.Host;

/// <summary>
/// The host's control endpoint (<c>--control</c>), HTTP on Kestrel:
/// <list type="table">
/// <item><term><c>GET /</c></term><description>the live status page (HTML; it reads a token from <c>#token=...</c>)</description></item>
/// <item><term><c>GET /status</c></term><description>the stats document, exactly as the stats server serves it</description></item>
/// <item><term><c>GET /api/legions</c></term><description>what the page shows: every legion, its Lord, members, timeline</description></item>
/// <item><term><c>POST /legions/{legion}/valor?value=N|+N|-N</c></term><description>set, raise or lower the valor</description></item>
/// <item><term><c>POST /legions/{legion}/step-down?for=DURATION&amp;force=true</c></term><description>step down as Lord</description></item>
/// <item><term><c>PUT /legions/{legion}/scroll</c></term><description>replace the scroll with the request body (empty removes it)</description></item>
/// </list>
/// With a token, every request but <c>GET /</c> must carry <c>Authorization: Bearer TOKEN</c> (compared in constant
/// time; 401 otherwise). Control answers are <c>{legion, accepted, message, valor, uuid}</c> with 200 (accepted),
/// 409 (refused), 404 (no such legion) or 400 (malformed request).
/// </summary>
internal sealed class ControlEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlEndpoint(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:9000/</c>.</summary>
    public Uri Url { get; }

    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static async Task<ControlEndpoint> StartAsync(IPEndPoint bind, string? token, LegionNode node, LegionRegistry registry, StatusTimeline timeline, ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(bind);
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddRoutingCore();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddProvider(new ForwardingProvider(loggerFactory));
        var app = builder.Build();

        if (token is not null)
        {
            var expected = Encoding.UTF8.GetBytes("Bearer " + token);
            app.Use(async (context, next) =>
            {
                if (context.Request.Path == "/" && HttpMethods.IsGet(context.Request.Method))
                {
                    await next(context).ConfigureAwait(false);
                    return;
                }
                var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
                if (!CryptographicOperations.FixedTimeEquals(given, expected))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await context.Response.WriteAsync("a token is required: Authorization: Bearer TOKEN\n").ConfigureAwait(false);
                    return;
                }
                await next(context).ConfigureAwait(false);
            });
        }

        app.MapGet("/", () => Results.Content(StatusPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/status", async (CancellationToken ct) =>
            Results.Bytes(UwsgiStatsJson.Write(await node.GetStatusAsync(ct).ConfigureAwait(false), Environment.ProcessId, Program.Version), "application/json"));
        app.MapGet("/api/legions", () => Results.Json(PageData(registry, timeline), HostJsonContext.Default.StatusPageData));
        app.MapPost("/legions/{legion}/valor", (string legion, string? value, CancellationToken ct) =>
            ValorRequest.TryParse(value, out var request)
                ? Control(registry, legion, l => l.ChangeValorAsync(request, ct))
                : Task.FromResult(Problem(StatusCodes.Status400BadRequest, legion, $"value '{value}' is not N, +N or -N")));
        app.MapPost("/legions/{legion}/step-down", (string legion, string? @for, bool? force, CancellationToken ct) =>
        {
            TimeSpan? period = null;
            if (!string.IsNullOrEmpty(@for))
            {
                try
                {
                    period = Legion.Actors.Configuration.LegionDuration.Parse(@for);
                }
                catch (FormatException)
                {
                    return Task.FromResult(Problem(StatusCodes.Status400BadRequest, legion, $"'for' must be a duration such as 60s or 2m (got '{@for}')"));
                }
            }
            return Control(registry, legion, l => l.StepDownAsync(period, force ?? false, ct));
        });
        app.MapPut("/legions/{legion}/scroll", async (string legion, HttpRequest request, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var scroll = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            try
            {
                return await Control(registry, legion, l => l.ReplaceScrollAsync(scroll, ct)).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                return Problem(StatusCodes.Status400BadRequest, legion, ex.Message);
            }
        });

        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControlEndpoint(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<IResult> Control(LegionRegistry registry, string legion, Func<ILegion, Task<ControlOutcome>> act)
    {
        if (!registry.TryGet(legion, out var found) || found is null)
        {
            return Problem(StatusCodes.Status404NotFound, legion, $"no legion '{legion}' on this node");
        }
        try
        {
            var outcome = await act(found).ConfigureAwait(false);
            return Answer(new ControlAnswer(outcome.Legion, outcome.Accepted, outcome.Message, outcome.Self.Valor, outcome.Self.Uuid),
                outcome.Accepted ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
        }
        catch (Exception ex) when (ex is InvalidOperationException or AskTimeoutException)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, legion, ex.Message);
        }
    }

    private static IResult Problem(int status, string legion, string message) => Answer(new ControlAnswer(legion, false, message), status);

    private static IResult Answer(ControlAnswer answer, int status) =>
        Results.Json(answer, HostJsonContext.Default.ControlAnswer, "application/json", status);

    /// <summary>Everything the status page shows, newest timeline entries last.</summary>
    internal static StatusPageData PageData(LegionRegistry registry, StatusTimeline timeline) => new(
        Environment.ProcessId,
        Program.Version,
        registry.Select(l => LegionData(l.Snapshot)).ToList(),
        timeline.Entries.TakeLast(50).Select(e => new TimelinePageEntry(e.At.ToUnixTimeMilliseconds(), e.Legion, e.Kind, e.Text)).ToList());

    private static LegionPageData LegionData(LegionSnapshot s)
    {
        var self = s.Self;
        var lord = s.Lord;
        string? NameOf(Vote vote) =>
            vote.Uuid is null ? null
            : self is not null && vote == self.AsVote ? self.Name
            : s.Members.FirstOrDefault(m => m.Uuid == vote.Uuid && m.Valor == vote.Valor)?.Name;
        return new LegionPageData(
            Legion: s.Legion,
            Running: s.IsRunning,
            Self: self is null ? null : new SelfPageData(self.Name, self.Valor, self.Uuid, self.Pid),
            IsLord: s.IsLord,
            LordSince: s.LordSince,
            Lord: lord is null ? null : new LordPageData(lord.Name, lord.Valor, lord.Uuid, lord.Scroll, lord.IsSelf),
            Votes: s.Votes,
            Quorum: s.Quorum,
            Verdict: s.Verdict?.ToString().ToLowerInvariant(),
            HasQuorum: s.HasQuorum,
            Scroll: s.Scroll,
            At: s.At == DateTimeOffset.MinValue ? 0 : s.At.ToUnixTimeMilliseconds(),
            Members: s.Members.Select(m => new MemberPageData(
                m.Name,
                m.Valor,
                m.Uuid,
                m.Pid,
                m.Vote.Uuid is null ? null : new VotePageData(m.Vote.Valor, m.Vote.Uuid, NameOf(m.Vote)),
                m.LastSeenWall.ToUnixTimeMilliseconds(),
                lord is not null && lord.Uuid == m.Uuid && lord.Valor == m.Valor,
                m.Checksum)).ToList());
    }

    /// <summary>Hands Kestrel's warnings to the host's logger factory without letting the web host own (and dispose) it.</summary>
    private sealed class ForwardingProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
