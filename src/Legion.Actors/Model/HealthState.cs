namespace Legion.Actors.Model;

/// <summary>What a health check (<c>legion-health</c>) says about this node, after its rise/fall hysteresis.</summary>
public enum HealthState
{
    /// <summary>No result yet (the check has not completed once since start); counts as healthy.</summary>
    Unknown,

    /// <summary>The check passes: no penalty.</summary>
    Healthy,

    /// <summary>The check fails: its penalty applies (see <see cref="HealthValor"/>).</summary>
    Failing,
}
