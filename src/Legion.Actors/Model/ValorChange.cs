namespace Legion.Actors.Model;

/// <summary>
/// What one runtime valor input does (<see cref="ValorControl"/>): whether it applies, the valor state after it, and
/// the words for the operator's reply and for the identity change it may announce. Immutable.
/// </summary>
/// <param name="Accepted">True when the input applies (also when it changes nothing).</param>
/// <param name="State">The valor state after it; the state before when refused.</param>
/// <param name="Reply">One line for the operator: what happened, or why not.</param>
/// <param name="Reason">One line logged and published with the identity change when the announced valor changes.</param>
internal sealed record ValorChange(bool Accepted, ValorState State, string Reply, string Reason)
{
    /// <summary>A refusal: nothing changes, and the reply says why.</summary>
    /// <param name="state">The state, unchanged.</param>
    /// <param name="why">Why not, one line.</param>
    public static ValorChange Refuse(ValorState state, string why) => new(false, state, why, why);

    /// <summary>An accepted input whose reply and reason are the same line.</summary>
    /// <param name="state">The state after it.</param>
    /// <param name="message">What happened, one line.</param>
    public static ValorChange Accept(ValorState state, string message) => new(true, state, message, message);
}
