namespace Legion.Actors.Kernel;

/// <summary>What a supervisor does with a child whose message handler threw.</summary>
public enum Directive
{
    /// <summary>Keep the actor instance and its state; continue with the next message.</summary>
    Resume,

    /// <summary>
    /// Replace the instance with a new one from its <see cref="Props"/> (<c>PreRestart</c> on the old one,
    /// <c>PostRestart</c> on the new one); queued messages are kept.
    /// </summary>
    Restart,

    /// <summary>Stop the actor (its children first).</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, for its own supervisor to decide.</summary>
    Escalate,
}
