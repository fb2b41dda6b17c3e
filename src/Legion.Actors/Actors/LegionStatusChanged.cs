namespace Legion.Actors.Actors;

/// <summary>
/// Published on the EventStream by a legion's supervisor whenever its member table, election state, identity or
/// scroll changed (so at least once per announce received). Carries no datagram counters
/// (<see cref="LegionStatus.Transport"/> is null): ask <see cref="GetLegionStatus"/> for those.
/// </summary>
/// <param name="Status">The legion as it is now.</param>
public sealed record LegionStatusChanged(LegionStatus Status);
