namespace Legion.Actors.Tests.Support;

/// <summary>
/// The parts of one uWSGI stats document that legion tests read. <paramref name="Pid"/> is the
/// master's pid; <paramref name="Json"/> is the raw document, for failure messages.
/// </summary>
public sealed record UwsgiStatsSnapshot(string Version, int Pid, IReadOnlyList<UwsgiLegionStats> Legions, string Json)
{
    /// <summary>The legion named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">uWSGI reports no such legion.</exception>
    public UwsgiLegionStats Legion(string name) =>
        Legions.FirstOrDefault(l => l.Legion == name)
        ?? throw new InvalidOperationException($"uWSGI stats list no legion '{name}':\n{Json}");
}
