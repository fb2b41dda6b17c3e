using Akka.Actor;

namespace Legion.Actors.Runtime;

/// <summary>The extension id of <see cref="LegionRuntime"/>.</summary>
public sealed class LegionRuntimeProvider : ExtensionIdProvider<LegionRuntime>
{
    private readonly LegionRuntimeSetup? _preset;

    /// <summary>The id Akka.NET creates: the runtime comes from the system's <see cref="LegionRuntimeSetup"/>, or defaults.</summary>
    public LegionRuntimeProvider()
    {
    }

    /// <summary>
    /// An id that, registered before anything else created the runtime of a system without a
    /// <see cref="LegionRuntimeSetup"/>, makes it with <paramref name="preset"/>'s clock and logger factory (an
    /// application's own system, where a legion starts through <see cref="Hosting.LegionExtension"/>).
    /// </summary>
    internal LegionRuntimeProvider(LegionRuntimeSetup preset)
    {
        _preset = preset;
    }

    /// <inheritdoc/>
    public override LegionRuntime CreateExtension(ExtendedActorSystem system) => LegionRuntime.Create(system, _preset);
}
