namespace Legion.Host;

/// <summary>
/// Who may do what on the control endpoint, and the limits that keep a hostile client from starving the node.
/// Build it with <see cref="WithToken"/> or <see cref="ReadOnly"/>; the limits have defaults that suit one operator and a
/// few scrapers and probes.
/// </summary>
internal sealed record ControlEndpointSettings
{
    /// <summary>Default of <see cref="MaxConnections"/>: 32.</summary>
    public const int DefaultMaxConnections = 32;

    /// <summary>Default of <see cref="RequestHeadersTimeout"/>: 5 s.</summary>
    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Default of <see cref="KeepAliveTimeout"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultKeepAliveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// What a body may carry beyond the longest scroll (<c>legion-scroll-max-size</c>) before it is cut off: 1 KiB,
    /// so that a scroll at the limit is refused with the node's own message, not the web server's.
    /// </summary>
    public const int BodySlack = 1024;

    /// <summary>
    /// The token (<c>Authorization: Bearer TOKEN</c>) every request that changes the node needs (valor, step-down,
    /// scroll); null: no such request is accepted (403).
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// True when reads (<c>/status</c>, <c>/api/legions</c>, <c>/metrics</c>) need the token too: the operator gave one
    /// (<c>--control-token-file</c>, <c>LEGION_CONTROL_TOKEN</c>). False for a token the node made itself, which guards
    /// changes only. The page shell (<c>GET /</c>) and the probes (<c>/health</c>, <c>/health/live</c>,
    /// <c>/health/ready</c>) never need it.
    /// </summary>
    public bool TokenGuardsReads { get; init; }

    /// <summary>
    /// Host names a request's <c>Host</c> header may carry besides <c>localhost</c>, loopback addresses and the bound
    /// address (any IP address when bound to a wildcard address) (<c>--control-allowed-hosts</c>); compared without
    /// case. Empty by default.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// Connections served at once; Kestrel closes further ones as soon as it accepts them, so idle clients hold at most
    /// this many descriptors. Default <see cref="DefaultMaxConnections"/>; at least 1.
    /// </summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>
    /// How long a client may take to send a request's headers (a slowloris client is cut off after it). Default
    /// <see cref="DefaultRequestHeadersTimeout"/>.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = DefaultRequestHeadersTimeout;

    /// <summary>How long an idle connection is kept open between requests. Default <see cref="DefaultKeepAliveTimeout"/>.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = DefaultKeepAliveTimeout;

    /// <summary>An endpoint where the operator's <paramref name="token"/> guards reads and changes.</summary>
    /// <param name="token">The token; not empty.</param>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty.</exception>
    public static ControlEndpointSettings WithToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new ControlEndpointSettings { Token = token, TokenGuardsReads = true };
    }

    /// <summary>
    /// An endpoint with a token the node made itself (<see cref="ControlTokenFile.NewToken"/>): it guards changes only,
    /// reads are served to anyone who reaches the endpoint (as the stats server's).
    /// </summary>
    /// <param name="token">The token; not empty.</param>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty.</exception>
    public static ControlEndpointSettings WithNodeToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new ControlEndpointSettings { Token = token, TokenGuardsReads = false };
    }

    /// <summary>An endpoint that serves reads to anyone who reaches it and accepts no change.</summary>
    public static ControlEndpointSettings ReadOnly { get; } = new();

    /// <summary>Records print every property; the token must never reach a log line.</summary>
    public override string ToString() =>
        $"ControlEndpointSettings {{ Token = {(Token is null ? "none" : "***")}, TokenGuardsReads = {TokenGuardsReads}, AllowedHosts = [{string.Join(", ", AllowedHosts)}], " +
        $"MaxConnections = {MaxConnections}, RequestHeadersTimeout = {RequestHeadersTimeout}, KeepAliveTimeout = {KeepAliveTimeout} }}";
}
