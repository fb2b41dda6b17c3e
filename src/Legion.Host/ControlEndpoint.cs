using System.Globalization;
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
using OpenTelemetry.Metrics;

namespace Legion.Host;

/// <summary>
/// The host's control endpoint (<c>--control</c>), HTTP/1.1 on Kestrel:
/// <list type="table">
/// <item><term><c>GET /</c></term><description>the live status page (HTML; it reads a token from <c>#token=...</c>)</description></item>
/// <item><term><c>GET /health/live</c></term><description>liveness: 200 while the node runs every legion, 503 otherwise (text)</description></item>
/// <item><term><c>GET /health/ready</c>, <c>GET /health</c></term><description>readiness: 200 once every legion runs (its socket bound) and has held its first election round (the warm-up of two <c>legion-freq</c> periods), 503 before (text)</description></item>
/// <item><term><c>GET /metrics</c></term><description>the <c>Legion</c> meter in Prometheus text format (OpenTelemetry's Prometheus exporter)</description></item>
/// <item><term><c>GET /status</c></term><description>the stats document, exactly as the stats server serves it</description></item>
/// <item><term><c>GET /api/legions</c></term><description>what the page shows: every legion, its Lord, members, timeline</description></item>
/// <item><term><c>POST /legions/{legion}/valor?value=N|+N|-N</c></term><description>set, raise or lower the valor</description></item>
/// <item><term><c>POST /legions/{legion}/step-down?for=DURATION&amp;force=true</c></term><description>step down as Lord</description></item>
/// <item><term><c>PUT /legions/{legion}/scroll</c></term><description>replace the scroll with the request body, UTF-8, at most <c>legion-scroll-max-size</c> bytes (empty removes it)</description></item>
/// </list>
/// Rules, in this order: a request whose <c>Host</c> is not this endpoint (<see cref="ControlRequestPolicy.IsOwnHost"/>)
/// is refused with 403, so a page on another site that rebinds its DNS name to this address reaches nothing; a request
/// that changes the node and comes from another origin (<c>Origin</c>, <c>Sec-Fetch-Site</c>) is refused with 403; reads
/// need <c>Authorization: Bearer TOKEN</c> when <see cref="ControlEndpointSettings.TokenGuardsReads"/>, changes always
/// (401 without it, 403 when the endpoint has no token); the page shell and the probes never need it.
/// Control answers are <c>{legion, accepted, message, valor, uuid}</c> with 200 (accepted), 409 (refused), 404 (no such
/// legion), 400 (malformed request) or 413 (a scroll over the limit, refused from its <c>Content-Length</c> or as soon
/// as the body passes the limit); an unknown path is 404, a known one with another method 405.
/// Limits (<see cref="ControlEndpointSettings"/>): connections served at once, time to send the headers, idle time
/// between requests, body size; Kestrel's minimum data rates cut off a client that trickles a body or never reads.
/// Kestrel runs bare (<see cref="KestrelServer"/> with one <see cref="IHttpApplication{TContext}"/>, no generic host,
/// dependency injection or routing): a handful of routes do not need them, and the native host's resident memory does
/// not pay for their code (about 2 MB; see README, "Native host").
/// </summary>
internal sealed class ControlEndpoint : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private readonly ILoggerFactory _kestrelLogging;
    private readonly MeterProvider _metrics;
    private readonly Application _application;
    private string? _tokenFile;

    private ControlEndpoint(KestrelServer server, ILoggerFactory kestrelLogging, MeterProvider metrics, Application application, Uri url)
    {
        _server = server;
        _kestrelLogging = kestrelLogging;
        _metrics = metrics;
        _application = application;
        Url = url;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:9000/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The bound address and port (the port Kestrel picked when asked for port 0).</summary>
    public IPEndPoint LocalEndPoint => new(IPAddress.Parse(Url.Host.Trim('[', ']')), Url.Port);

    /// <summary>Binds <paramref name="bind"/> and serves until disposed.</summary>
    /// <param name="bind">Address and port; port 0 picks a free one.</param>
    /// <param name="settings">Token, allowed host names and limits.</param>
    /// <param name="node">The node whose legions it shows and changes.</param>
    /// <param name="registry">The node's legions, followed.</param>
    /// <param name="timeline">Recent events, for the page.</param>
    /// <param name="loggerFactory">Where Kestrel's warnings go (not disposed).</param>
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static async Task<ControlEndpoint> StartAsync(IPEndPoint bind, ControlEndpointSettings settings, LegionNode node, LegionRegistry registry, StatusTimeline timeline, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Kestrel's own events from Warning up, into the host's logging, which the web server must not dispose; a flood of
        // one kind (connections turned away at the limit) is logged once every 10 s with a count.
        var kestrelLogging = new LoggerFactory([new ThrottledForwardingProvider(loggerFactory, TimeProvider.System)],
            new LoggerFilterOptions { MinLevel = LogLevel.Trace, Rules = { new LoggerFilterRule(null, "Microsoft", LogLevel.Warning, null) } });
        var options = new KestrelServerOptions { AddServerHeader = false };
        options.Limits.MaxConcurrentConnections = Math.Max(1, settings.MaxConnections);
        options.Limits.MaxConcurrentUpgradedConnections = 0;
        options.Limits.RequestHeadersTimeout = settings.RequestHeadersTimeout;
        options.Limits.KeepAliveTimeout = settings.KeepAliveTimeout;
        options.Limits.MaxRequestBodySize = MaxScrollBytes(node) + ControlEndpointSettings.BodySlack;
        options.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        options.Listen(bind, listen => listen.Protocols = HttpProtocols.Http1);
        var metrics = HostTelemetry.StartScrape();
        var scrape = HostTelemetry.ScrapeHandler(metrics);
        var application = new Application(settings, bind, scrape, node, registry, timeline);
        var server = new KestrelServer(Options.Create(options), new SocketTransportFactory(Options.Create(new SocketTransportOptions()), kestrelLogging), kestrelLogging);
        try
        {
            await server.StartAsync(application, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            metrics.Dispose();
            kestrelLogging.Dispose();
            throw;
        }
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControlEndpoint(server, kestrelLogging, metrics, application, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>
    /// Writes the endpoint's token to its <see cref="ControlTokenFile"/> (mode 0600), for the operator's commands run by
    /// the same user; 401 answers name the file from then on, and disposing removes it.
    /// </summary>
    /// <param name="environment">Reads an environment variable (<c>XDG_RUNTIME_DIR</c>).</param>
    /// <returns>The file's path.</returns>
    /// <exception cref="InvalidOperationException">The endpoint has no token.</exception>
    /// <exception cref="IOException">The file or its directory cannot be written safely; the message says why.</exception>
    public string PublishToken(Func<string, string?> environment)
    {
        var token = _application.Settings.Token ?? throw new InvalidOperationException("the control endpoint has no token");
        var path = ControlTokenFile.PathFor(LocalEndPoint, environment);
        ControlTokenFile.Write(path, token);
        _tokenFile = path;
        _application.TokenFile = path;
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_tokenFile is not null)
        {
            ControlTokenFile.Delete(_tokenFile, _application.Settings.Token!);
        }
        _server.Dispose();
        _metrics.Dispose();
        _kestrelLogging.Dispose();
    }

    private static int MaxScrollBytes(LegionNode node) => node.Options.ScrollMaxSize;

    private static async Task Handle(HttpContext context, Application app)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var host = request.Headers.Host.ToString();
        if (!ControlRequestPolicy.IsOwnHost(host, app.Bound, app.Settings.AllowedHosts))
        {
            await Text(context, StatusCodes.Status403Forbidden, $"403 this endpoint answers only to its own address (localhost, a loopback address or {app.Bound.Address}), not to Host '{Printable(host)}'\n").ConfigureAwait(false);
            return;
        }
        bool changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (changes && !ControlRequestPolicy.IsSameOrigin(request.Headers.Origin.ToString(), request.Headers["Sec-Fetch-Site"].ToString(), host))
        {
            await Text(context, StatusCodes.Status403Forbidden, "403 a request from another origin (a web page of another site) may not change the node\n").ConfigureAwait(false);
            return;
        }
        switch (path)
        {
            case "/":
                await (HttpMethods.IsGet(request.Method) ? Write(context, StatusCodes.Status200OK, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(StatusPage.Html))
                    : NotAllowed(context, "GET")).ConfigureAwait(false);
                return;
            case "/health" or "/health/ready" or "/health/live":
                await (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
                    ? Probe(context, app.Node, live: path == "/health/live")
                    : NotAllowed(context, "GET, HEAD")).ConfigureAwait(false);
                return;
        }
        bool authorized = app.ExpectedAuthorization is { } expected
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), expected);
        if (app.Settings.TokenGuardsReads && !authorized)
        {
            await Unauthorized(context, app).ConfigureAwait(false);
            return;
        }
        var ct = context.RequestAborted;
        switch (path.Split('/'))
        {
            case ["", "metrics"]:
                await (HttpMethods.IsGet(request.Method) ? app.Scrape(context) : NotAllowed(context, "GET")).ConfigureAwait(false);
                return;
            case ["", "status"]:
                await (HttpMethods.IsGet(request.Method)
                    ? Write(context, StatusCodes.Status200OK, "application/json", UwsgiStatsJson.Write(await app.Node.GetStatusAsync(ct).ConfigureAwait(false), Environment.ProcessId, Program.Version))
                    : NotAllowed(context, "GET")).ConfigureAwait(false);
                return;
            case ["", "api", "legions"]:
                await (HttpMethods.IsGet(request.Method)
                    ? WriteJson(context, StatusCodes.Status200OK, PageData(app.Registry, app.Timeline), HostJsonContext.Default.StatusPageData)
                    : NotAllowed(context, "GET")).ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 }, "valor" or "step-down" or "scroll"] when changes && app.Settings.Token is null:
                await Text(context, StatusCodes.Status403Forbidden, "403 this endpoint takes no changes: it was started without a control token\n").ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 }, "valor" or "step-down" or "scroll"] when changes && !authorized:
                await Unauthorized(context, app).ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 } legion, "valor"] when HttpMethods.IsPost(request.Method):
                var value = Query(request, "value");
                await (ValorRequest.TryParse(value, out var valor)
                    ? Control(context, app.Registry, legion, l => l.ChangeValorAsync(valor, ct))
                    : Problem(context, StatusCodes.Status400BadRequest, legion, $"value '{value}' is not N, +N or -N")).ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 } legion, "step-down"] when HttpMethods.IsPost(request.Method):
                await StepDown(context, app.Registry, legion, Query(request, "for"), Query(request, "force")).ConfigureAwait(false);
                return;
            case ["", "legions", { Length: > 0 } legion, "scroll"] when HttpMethods.IsPut(request.Method):
                await ReplaceScroll(context, app.Registry, legion, MaxScrollBytes(app.Node)).ConfigureAwait(false);
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

    /// <summary>How long a probe waits for each legion to answer: 2 s.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Liveness (<paramref name="live"/>): the node's actor system runs and every legion answers a status request within
    /// <see cref="ProbeTimeout"/> (a stopped or wedged legion does not). Readiness: live, and every legion's transport
    /// answered (its socket is bound) and the legion has held its first election round (the warm-up of two periods).
    /// One line per legion, its name and state only: probes need no token, so they tell nothing more.
    /// </summary>
    private static async Task Probe(HttpContext context, LegionNode node, bool live)
    {
        var lines = new StringBuilder();
        bool ok = true;
        if (node.System.WhenTerminated.IsCompleted)
        {
            ok = false;
            lines.Append("the node has stopped\n");
        }
        foreach (var legion in node.Legions)
        {
            string state;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                timeout.CancelAfter(ProbeTimeout);
                var status = await node.GetStatusAsync(legion, timeout.Token).ConfigureAwait(false);
                state = status.Transport is null ? "socket not answering"
                    : status.Election.Verdict is null ? "no election round yet"
                    : "ready";
                ok &= live || state == "ready";
                state = live ? "running" : state;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ok = false;
                state = "not running";
            }
            lines.Append(CultureInfo.InvariantCulture, $"{legion}: {state}\n");
        }
        var verdict = live ? (ok ? "live" : "not live") : (ok ? "ready" : "not ready");
        await Text(context, ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, verdict + "\n" + lines).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the scroll with the body, which is never read past <paramref name="limit"/> bytes: a longer
    /// <c>Content-Length</c> is refused before any of the body is read, a longer chunked body as soon as it passes the limit.
    /// </summary>
    private static async Task ReplaceScroll(HttpContext context, LegionRegistry registry, string legion, int limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            await TooLarge(context, legion, $"the scroll is {request.ContentLength} bytes, longer than legion-scroll-max-size ({limit})").ConfigureAwait(false);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + ControlEndpointSettings.BodySlack;
        }
        var buffer = new byte[limit + 1];
        int length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            await Problem(context, ex.StatusCode, legion, ex.Message).ConfigureAwait(false);
            return;
        }
        if (length > limit)
        {
            await TooLarge(context, legion, $"the scroll is longer than legion-scroll-max-size ({limit} bytes)").ConfigureAwait(false);
            return;
        }
        string scroll;
        try
        {
            scroll = StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            await Problem(context, StatusCodes.Status400BadRequest, legion, "the scroll is not UTF-8 text").ConfigureAwait(false);
            return;
        }
        try
        {
            await Control(context, registry, legion, l => l.ReplaceScrollAsync(scroll, context.RequestAborted)).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await Problem(context, StatusCodes.Status400BadRequest, legion, ex.Message).ConfigureAwait(false);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static Task TooLarge(HttpContext context, string legion, string message)
    {
        // The rest of the body is never read: the connection ends with this answer.
        context.Response.Headers.Connection = "close";
        return Problem(context, StatusCodes.Status413PayloadTooLarge, legion, message);
    }

    private static Task Unauthorized(HttpContext context, Application app)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        var where = app.TokenFile is null ? "" : $" (this node keeps its token in {app.TokenFile}, readable by its own user only)";
        return Text(context, StatusCodes.Status401Unauthorized, $"401 a token is required: Authorization: Bearer TOKEN{where}\n");
    }

    private static string Printable(string text) =>
        new(text.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static Task Text(HttpContext context, int status, string text) =>
        Write(context, status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));

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
    private sealed class Application(ControlEndpointSettings settings, IPEndPoint bound, RequestDelegate scrape, LegionNode node, LegionRegistry registry, StatusTimeline timeline)
        : IHttpApplication<HttpContext>
    {
        public ControlEndpointSettings Settings => settings;

        public IPEndPoint Bound => bound;

        public RequestDelegate Scrape => scrape;

        public LegionNode Node => node;

        public LegionRegistry Registry => registry;

        public StatusTimeline Timeline => timeline;

        public byte[]? ExpectedAuthorization { get; } = settings.Token is null ? null : Encoding.UTF8.GetBytes("Bearer " + settings.Token);

        /// <summary>Where the operator finds the token (<see cref="PublishToken"/>); null when the operator gave it.</summary>
        public string? TokenFile { get; set; }

        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => Handle(context, this);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }
}
