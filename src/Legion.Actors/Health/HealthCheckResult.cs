namespace Legion.Actors.Health;

/// <summary>The outcome of one health check run.</summary>
/// <param name="Healthy">True when the check passed.</param>
/// <param name="Detail">A few words for logs and status: <c>exit code 0</c>, <c>connection refused</c>, <c>HTTP 503</c>.</param>
public sealed record HealthCheckResult(bool Healthy, string Detail)
{
    /// <summary>A passed run.</summary>
    /// <param name="detail">A few words on what passed.</param>
    public static HealthCheckResult Pass(string detail) => new(true, detail);

    /// <summary>A failed run.</summary>
    /// <param name="detail">A few words on why.</param>
    public static HealthCheckResult Fail(string detail) => new(false, detail);
}
