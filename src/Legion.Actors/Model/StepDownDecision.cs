namespace Legion.Actors.Model;

/// <summary>The result of <see cref="Handover.StepDown"/>.</summary>
/// <param name="Accepted">True when the node steps down.</param>
/// <param name="Refusal">Why not, in a few words; null when accepted.</param>
/// <param name="Successor">The member expected to take over; <see cref="Vote.None"/> when forced with nobody.</param>
/// <param name="Period">How long the node stays an arbiter.</param>
/// <param name="RestoreValor">The valor it returns to afterwards.</param>
internal sealed record StepDownDecision(bool Accepted, string? Refusal, Vote Successor, TimeSpan Period, ulong RestoreValor)
{
    /// <summary>A refusal with its reason.</summary>
    /// <param name="reason">Why, in a few words.</param>
    public static StepDownDecision Refuse(string reason) => new(false, reason, Vote.None, TimeSpan.Zero, 0);
}
