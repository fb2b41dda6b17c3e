using Xunit.Sdk;

namespace Legion.Actors.TestKit;

/// <summary>
/// Thrown when an expectation of <see cref="LegionTestKit"/> or <see cref="LegionEventProbe"/> fails: an event or a
/// message that did not come in simulated time, or came when it must not, or a Lord or lord-only actor in the wrong
/// place. An xunit assertion failure (<see cref="XunitException"/>); its message names the seed and the simulated time.
/// </summary>
public sealed class LegionAssertionException : XunitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what happened, with the seed and the simulated time.</param>
    public LegionAssertionException(string message)
        : base(message)
    {
    }
}
