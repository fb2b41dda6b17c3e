using Microsoft.Extensions.Logging;

namespace Legion.Actors.Health;

/// <summary>What a health check run knows besides the check itself.</summary>
/// <param name="Legion">The legion the check belongs to (a <c>cmd:</c> check sees it as <c>LEGION_NAME</c>).</param>
/// <param name="Logger">Where a command's output lines go (at Debug: a check runs every few seconds).</param>
public sealed record HealthCheckContext(string Legion, ILogger Logger);
