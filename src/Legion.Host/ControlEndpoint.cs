using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Hosting;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
/// 409 (refused), 404 (no such legion) or 400 (malformed request); an unknown path is 404, a known one with another
/// method 405.
/// Kestrel runs bare (<see cref="KestrelServer"/> with one <see cref="IHttpApplication{TContext}"/>, no generic host,
/// dependency injection or routing): six routes do not need them, and the native host's resident memory does not
/// pay for their code (about 2 MB; see README, "Native host").
/// </summary>
internal sealed class ControlEndpoint : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private readonly ILoggerFactory _kestrelLogging;

    private ControlEndpoint(KestrelServer server, ILoggerFactory kestrelLogging, Uri url)
    {
        _server = server;
        _kestrelLogging = kestrelLogging;
        Url = url;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:9000/</c>.</summary>
    public Uri Url { get; }

    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static async Task<ControlEndpoint> StartAsync(IPEndPoint bind, string? token, LegionNode node, LegionRegistry registry, StatusTimeline timeline, ILoggerFactory loggerFactory)
    {
        // Kestrel's own events from Warning up, into the host's logging, which the web server must not dispose.
        var kestrelLogging = new LoggerFactory([new ForwardingProvider(loggerFactory)],
            new LoggerFilterOptions { MinLevel = LogLevel.Trace, Rules = { new LoggerFilterRule(null, "Microsoft", LogLevel.Warning, null) } });
        var options = new KestrelServerOptions { AddServerHeader = false };
        options.Listen(bind);
        var server = new KestrelServer(Options.Create(options), new SocketTransportFactory(Options.Create(new SocketTransportOptions()), kestrelLogging), kestrelLogging);
        try
        {
            await server.StartAsync(new Application(token, node, registry, timeline), CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            kestrelLogging.Dispose();
            throw;
        }
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControlEndpoint(server, kestrelLogging, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _server.Dispose();
        _kestrelLogging.Dispose();
    }

    private static async Task Handle(HttpContext context, byte[]? expectedAuthorization, LegionNode node, LegionRegistry registry, StatusTimeline timeline)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (path == "/")
        {
            await (HttpMethods.IsGet(request.Method) ? Write(context, StatusCodes.Status200OK, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(StatusPage.Html))
                : NotAllowed(context, "GET")).ConfigureAwait(false);
            return;
        }
        if (expectedAuthorization is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), expectedAuthorization))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Write(context, StatusCodes.Status401Unauthorized, "text/plain; charset=utf-8", "a token is required: Authorization: Bearer TOKEN\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }
        var ct = context.RequestAborted;
        switch (path.Split('/'))
        {
            case ["", "status"]:
                await (HttpMethods.IsGet(request.Method)
                    ? Write(context, StatusCodes.Status200OK, "application/json", UwsgiStatsJson.Write(await node.GetStatusAsync(ct).ConfigureAwait(false), Environment.ProcessId, Program.Version))
                    : NotAllowed(context, "GET")).ConfigureAwait(false);
                return;
            case ["", "api", "legions"]:
                await (HttpMethods.IsGet(request.Method)
                    ? WriteJson(context, StatusCodes.Status200OK, PageData(registry, timeline), HostJsonContext.Default.StatusPageData)
                    : NotAllowed(context, "GET")).ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 } legion, "valor"] when HttpMethods.IsPost(request.Method):
                var value = Query(request, "value");
                await (ValorRequest.TryParse(value, out var valor)
                    ? Control(context, registry, legion, l => l.ChangeValorAsync(valor, ct))
                    : Problem(context, StatusCodes.Status400BadRequest, legion, $"value '{value}' is not N, +N or -N")).ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 } legion, "step-down"] when HttpMethods.IsPost(request.Method):
                await StepDown(context, registry, legion, Query(request, "for"), Query(request, "force")).ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 } legion, "scroll"] when HttpMethods.IsPut(request.Method):
                using (var reader = new StreamReader(request.Body, Encoding.UTF8))
                {
                    var scroll = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                    try
                    {
                        await Control(context, registry, legion, l => l.ReplaceScrollAsync(scroll, ct)).ConfigureAwait(false);
                    }
                    catch (ArgumentException ex)
                    {
                        await Problem(context, StatusCodes.Status400BadRequest, legion, ex.Message).ConfigureAwait(false);
                    }
                }
                return;
            case ["", "legions", { Length: > 0 }, "valor" or "step-down"]:
                await NotAllowed(context, "POST").ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 }, "scroll"]:
                await NotAllowed(context, "PUT").ConfigureAwait(false);
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    private static Task StepDown(HttpContext context, LegionRegistry registry, string legion, string? @for, string? force)
    {
        TimeSpan? period = null;
        if (!string.IsNullOrEmpty(@for))
        {
            if (!LegionDuration.TryParse(@for, out var parsed))
            {
                return Problem(context, StatusCodes.Status400BadRequest, legion, $"'for' must be a duration such as 60s or 2m (got '{@for}')");
            }
            period = parsed;
        }
        bool forced = false;
        if (!string.IsNullOrEmpty(force) && !bool.TryParse(force, out forced))
        {
            return Problem(context, StatusCodes.Status400BadRequest, legion, $"'force' must be true or false (got '{force}')");
        }
        var ct = context.RequestAborted;
        return Control(context, registry, legion, l => l.StepDownAsync(period, forced, ct));
    }

    private static string? Query(HttpRequest request, string name) => request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static async Task Control(HttpContext context, LegionRegistry registry, string legion, Func<ILegion, Task<ControlOutcome>> act)
    {
        if (!registry.TryGet(legion, out var found) || found is null)
        {
            await Problem(context, StatusCodes.Status404NotFound, legion, $"no legion '{legion}' on this node").ConfigureAwait(false);
            return;
        }
        ControlOutcome outcome;
        try
        {
            outcome = await act(found).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or AskTimeoutException)
        {
            await Problem(context, StatusCodes.Status503ServiceUnavailable, legion, ex.Message).ConfigureAwait(false);
            return;
        }
        await WriteJson(context, outcome.Accepted ? StatusCodes.Status200OK : StatusCodes.Status409Conflict,
            new ControlAnswer(outcome.Legion, outcome.Accepted, outcome.Message, outcome.Self.Valor, outcome.Self.Uuid), HostJsonContext.Default.ControlAnswer).ConfigureAwait(false);
    }

    private static Task Problem(HttpContext context, int status, string legion, string message) =>
        WriteJson(context, status, new ControlAnswer(legion, false, message), HostJsonContext.Default.ControlAnswer);

    private static Task NotAllowed(HttpContext context, string allow)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = allow;
        return Task.CompletedTask;
    }

    private static Task WriteJson<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type) =>
        Write(context, status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(value, type));

    private static async Task Write(HttpContext context, int status, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

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
            SkewedPeers: s.SkewedPeers,
            Quorum: s.Quorum,
            Verdict: s.Verdict?.ToString().ToLowerInvariant(),
            HasQuorum: s.HasQuorum,
            Scroll: s.Scroll,
            BaseValor: s.BaseValor,
            Health: s.Health.Select(h => new HealthPageData(
                h.Check.Label,
                h.Check.Check,
                h.State.State.ToString().ToLowerInvariant(),
                h.Check.Penalty.ToString(),
                h.LastResult?.Detail)).ToList(),
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

    /// <summary>Kestrel's application: one <see cref="DefaultHttpContext"/> per request, handed to <see cref="Handle"/>.</summary>
    private sealed class Application(string? token, LegionNode node, LegionRegistry registry, StatusTimeline timeline) : IHttpApplication<HttpContext>
    {
        private readonly byte[]? _expectedAuthorization = token is null ? null : Encoding.UTF8.GetBytes("Bearer " + token);

        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => Handle(context, _expectedAuthorization, node, registry, timeline);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }

    /// <summary>Hands Kestrel's warnings to the host's logger factory without letting the web server own (and dispose) it.</summary>
    private sealed class ForwardingProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
