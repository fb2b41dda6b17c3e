using Legion.Actors.Model;

namespace Legion.Actors.Actors;

/// <summary>From a supervisor: how a control request went.</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Accepted">True when the change was made (or there was nothing to change).</param>
/// <param name="Message">What happened or why not, one line, no secret.</param>
/// <param name="Self">This node's identity after the request.</param>
public sealed record ControlOutcome(string Legion, bool Accepted, string Message, NodeIdentity Self);
