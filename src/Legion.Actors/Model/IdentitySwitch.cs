namespace Legion.Actors.Model;

/// <summary>The result of <see cref="Handover.SwitchIdentity"/>.</summary>
/// <param name="State">The election state under the new identity.</param>
/// <param name="GivesUpLordship">True when this node was Lord and no longer can be: fire <c>unlord</c> now.</param>
/// <param name="Candidate">Who this node counts votes for under the new identity.</param>
internal sealed record IdentitySwitch(ElectionState State, bool GivesUpLordship, Vote Candidate);
