using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>From a supervisor to its <c>membership</c> and <c>election</c> children: this node now runs with these settings (a new identity or scroll).</summary>
/// <param name="Settings">The settings from now on.</param>
internal sealed record SwitchIdentity(LegionSettings Settings);

/// <summary>
/// From election to heartbeat: keep announcing the current identity with <paramref name="State"/> (no longer
/// claiming lordship) and ignore election changes until <see cref="IdentitySwitched"/>: the node is handing
/// lordship over and waits for its <c>unlord</c> actions.
/// </summary>
/// <param name="State">The state to announce meanwhile.</param>
internal sealed record HoldAnnounces(ElectionState State);

/// <summary>
/// From election to heartbeat: announce these settings' identity from now on, at once, then the death of the
/// identity announced so far if it differs (again with the next heartbeat, in case the first is lost).
/// </summary>
/// <param name="Settings">The settings from now on.</param>
/// <param name="State">The election state under them.</param>
internal sealed record IdentitySwitched(LegionSettings Settings, ElectionState State);
