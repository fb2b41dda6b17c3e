namespace Legion.Actors.Kernel;

/// <summary>Faults the task of <see cref="ActorRefExtensions.Ask{T}"/> when no reply came in time.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Describes the ask that timed out.</param>
    public AskTimeoutException(string message)
        : base(message)
    {
    }
}
