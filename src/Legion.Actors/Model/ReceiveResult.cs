namespace Legion.Actors.Model;

/// <summary>The result of <see cref="Membership.Receive"/>.</summary>
/// <param name="Membership">The member table after the announce (the same instance when nothing changed).</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Member">The member concerned (as it is now, or as it was for <see cref="ReceiveOutcome.Died"/>); null for ignored announces.</param>
public sealed record ReceiveResult(Membership Membership, ReceiveOutcome Outcome, Member? Member);
