using Akka.Actor;

namespace Legion.Actors.Runtime;

/// <summary>The extension id of <see cref="LegionRuntime"/>.</summary>
public sealed class LegionRuntimeProvider : ExtensionIdProvider<LegionRuntime>
{
    /// <inheritdoc/>
    public override LegionRuntime CreateExtension(ExtendedActorSystem system) => LegionRuntime.Create(system);
}
