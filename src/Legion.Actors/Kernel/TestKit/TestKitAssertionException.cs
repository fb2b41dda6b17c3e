namespace Legion.Actors.Kernel.TestKit;

/// <summary>
/// Thrown when a TestKit expectation fails (a missing, unexpected or non-matching message). Test frameworks
/// report it as a failed test; the library does not depend on any of them.
/// </summary>
public sealed class TestKitAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected and what happened.</param>
    public TestKitAssertionException(string message)
        : base(message)
    {
    }
}
