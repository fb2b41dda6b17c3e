namespace Legion.Actors.Actors;

/// <summary>From the witness to the election: what the shared directory showed at the last check.</summary>
/// <param name="Reachable">Whether this node could write its record and list the directory.</param>
/// <param name="FreshOthers">Other nodes whose records are fresh.</param>
internal sealed record WitnessObserved(bool Reachable, int FreshOthers);

/// <summary>Internal timer message of <see cref="WitnessActor"/>.</summary>
internal sealed record WitnessTick
{
    public static WitnessTick Instance { get; } = new();
}
