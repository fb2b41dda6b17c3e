using Legion.Actors.Simulation;

namespace Legion.Actors.Tests.Simulation;

/// <summary>Node settings shared by the scenario tests: uWSGI's own test timing (freq 1 s, tolerance 3 s).</summary>
internal static class ScenarioOptions
{
    public static readonly TimeSpan Freq = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(3);

    public static SimulatedNodeOptions Fast(int quorum = 0) => new()
    {
        Frequency = Freq,
        Tolerance = Tolerance,
        Quorum = quorum,
    };
}
