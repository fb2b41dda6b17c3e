namespace Legion.Actors.Model;

/// <summary>The result of <see cref="Membership.Expire"/>.</summary>
/// <param name="Membership">The member table without the expired members.</param>
/// <param name="Left">The members removed, in table order; each is a node-left event.</param>
public sealed record ExpiryResult(Membership Membership, IReadOnlyList<Member> Left);
