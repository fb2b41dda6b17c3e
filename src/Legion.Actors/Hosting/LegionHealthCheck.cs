using Legion.Actors.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Legion.Actors.Hosting;

/// <summary>
/// Health of every legion of this node: <b>unhealthy</b> when a legion is not running or has no quorum (fewer votes
/// than <c>legion-quorum</c>: no Lord may rule), <b>degraded</b> while its members disagree (votes = 0, the Lord stays
/// as it was) or before its first election round, <b>healthy</b> otherwise. Register it with
/// <c>services.AddHealthChecks().AddCheck&lt;LegionHealthCheck&gt;("legion")</c>. The data holds, per legion, the
/// verdict, votes and Lord (never a secret). Thread-safe.
/// </summary>
/// <param name="legions">The node's legions.</param>
public sealed class LegionHealthCheck(ILegionRegistry legions) : IHealthCheck
{
    /// <summary>Checks every legion; see the class summary for the rules.</summary>
    /// <param name="context">The health check context (unused).</param>
    /// <param name="cancellationToken">Unused: the check reads snapshots and never waits.</param>
    /// <returns>The worst status over the legions, with one line per legion in the description.</returns>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var worst = HealthStatus.Healthy;
        var lines = new List<string>();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var legion in legions)
        {
            var (status, line) = Assess(legion.Snapshot);
            worst = status < worst ? status : worst;
            lines.Add(line);
            data[legion.Name] = line;
        }
        return Task.FromResult(new HealthCheckResult(worst, string.Join("; ", lines), data: data));
    }

    /// <summary>The health of one legion and a one-line reason.</summary>
    /// <param name="snapshot">The legion now.</param>
    public static (HealthStatus Status, string Reason) Assess(LegionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var name = snapshot.Legion;
        if (!snapshot.IsRunning)
        {
            return (HealthStatus.Unhealthy, $"{name}: not running");
        }
        return snapshot.Verdict switch
        {
            RoundVerdict.NoQuorum => (HealthStatus.Unhealthy, $"{name}: no quorum, {snapshot.Votes} vote(s) of {snapshot.Quorum} needed"),
            RoundVerdict.Disagreement => (HealthStatus.Degraded, $"{name}: members disagree on the Lord or the member list (Lord stays {Describe(snapshot.Lord)})"),
            null => (HealthStatus.Degraded, $"{name}: no election round yet"),
            _ => (HealthStatus.Healthy, $"{name}: Lord {Describe(snapshot.Lord)}, {snapshot.Votes} vote(s)"),
        };
    }

    private static string Describe(LegionLord? lord) =>
        lord is null ? "none" : $"{lord.Name ?? lord.Uuid} (valor {lord.Valor}{(lord.IsSelf ? ", this node" : "")})";
}
