using Legion.Actors.Configuration;

namespace Legion.Actors.Health;

/// <summary>
/// Runs one health check once (<c>legion-health</c>). The <see cref="Actors.HealthActor"/> calls it off the
/// heartbeat path, at most once at a time per check, and decides timeouts itself on the actor system's clock: it
/// cancels <c>cancellationToken</c> when the run overruns its timeout, and counts the run as failed whatever the
/// runner returns afterwards. <see cref="HealthCheckRunner"/> is the real one; tests and simulations plug in their own.
/// </summary>
public interface IHealthCheckRunner
{
    /// <summary>Runs <paramref name="check"/> once.</summary>
    /// <param name="check">The check to run.</param>
    /// <param name="context">The legion it belongs to and where its output goes.</param>
    /// <param name="cancellationToken">Cancelled at the check's timeout and at shutdown; the runner must stop its work (kill a command, abort a connection) promptly.</param>
    /// <returns>Whether the check passed, with a short detail (<c>exit code 1</c>, <c>HTTP 503</c>). Should not throw: a throw counts as a failed run.</returns>
    Task<HealthCheckResult> RunAsync(LegionHealthCheckSpec check, HealthCheckContext context, CancellationToken cancellationToken);
}
