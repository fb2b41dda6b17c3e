using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>From election (to heartbeat and the supervisor): the election state after a round that changed it.</summary>
/// <param name="State">The state now.</param>
public sealed record ElectionChanged(ElectionState State);

/// <summary>Internal timer message of <see cref="ElectionActor"/>: run a round (and end the warm-up).</summary>
internal sealed record ElectionTick
{
    public static ElectionTick Instance { get; } = new();
}
