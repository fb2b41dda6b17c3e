using Akka.Actor;

namespace Legion.Actors.Hosting;

/// <summary>The extension id of <see cref="LegionExtension"/>: <c>system.WithExtension&lt;LegionExtension, LegionExtensionProvider&gt;()</c>.</summary>
public sealed class LegionExtensionProvider : ExtensionIdProvider<LegionExtension>
{
    /// <inheritdoc/>
    public override LegionExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
