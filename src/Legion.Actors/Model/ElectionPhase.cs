namespace Legion.Actors.Model;

/// <summary>Where one node's election is in its life (<see cref="ElectionMachine.Phase"/>).</summary>
internal enum ElectionPhase
{
    /// <summary>Just started: the node hears its peers, records what it hears, and runs no round until the warm-up has passed.</summary>
    WarmingUp,

    /// <summary>Runs a round after every change of what it knows and every tick.</summary>
    Running,

    /// <summary>Left the legion for a newer version (<see cref="ElectionTerms.LeaveWhenOutdated"/>): never runs a round again in this run.</summary>
    Retired,
}
