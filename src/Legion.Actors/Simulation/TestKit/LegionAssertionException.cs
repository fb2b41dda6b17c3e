namespace Legion.Actors.Simulation.TestKit;

/// <summary>
/// Thrown when an expectation of <see cref="LegionTestKit"/> or <see cref="LegionEventProbe"/> fails (an event that did
/// not come, or came when it must not). Test frameworks report it as a failed test; the library depends on none.
/// </summary>
public sealed class LegionAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what happened, with the seed and the simulated time.</param>
    public LegionAssertionException(string message)
        : base(message)
    {
    }
}
