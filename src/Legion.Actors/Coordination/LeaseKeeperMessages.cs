namespace Legion.Actors.Coordination;

/// <summary>To a <see cref="LeaseKeeper"/>: take the lease if this node does the legion's Lord-only work now. Replies <see cref="LeaseAnswer"/>.</summary>
/// <param name="OnLost">Called once, on the keeper's thread, if the lease is lost while held; null for none.</param>
internal sealed record AcquireLease(Action<Exception>? OnLost);

/// <summary>To a <see cref="LeaseKeeper"/>: drop this owner's hold (the lordship stays). Replies <see cref="LeaseAnswer"/> (always held = false).</summary>
internal sealed record ReleaseLease
{
    public static ReleaseLease Instance { get; } = new();
}

/// <summary>From a <see cref="LeaseKeeper"/>: whether the lease is held now, or why the keeper could not tell.</summary>
/// <param name="Held">True when this owner holds the lease after the request.</param>
/// <param name="Refusal">Why the request could not be answered (no such legion in this system); null when answered.</param>
internal sealed record LeaseAnswer(bool Held, string? Refusal = null);

/// <summary>
/// Whether one <see cref="LegionLease"/> is held: written only by its <see cref="LeaseKeeper"/>, read by
/// <see cref="LegionLease.CheckLease"/> from any thread (as Akka.NET's own leases share an atomic flag with their
/// actor: <c>CheckLease</c> must answer without a round trip).
/// </summary>
internal sealed class LeaseHeld
{
    private volatile bool _value;

    public bool Value
    {
        get => _value;
        set => _value = value;
    }
}
