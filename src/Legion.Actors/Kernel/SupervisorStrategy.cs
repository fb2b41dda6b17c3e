namespace Legion.Actors.Kernel;

/// <summary>
/// How an actor handles the failures of its children (as Akka.NET's <c>SupervisorStrategy</c>). Only
/// one-for-one supervision exists here: see <see cref="OneForOneStrategy"/>. Instances are immutable and may be
/// shared; restart counts are kept per child by the kernel.
/// </summary>
public abstract class SupervisorStrategy
{
    private protected SupervisorStrategy()
    {
    }

    /// <summary>
    /// One-for-one, unlimited restarts: <see cref="ActorInitializationException"/> and
    /// <see cref="DeathPactException"/> stop the child, any other exception restarts it (Akka.NET's default).
    /// The user guardian uses it for top-level actors.
    /// </summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>One-for-one: every failure stops the child.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>The decider of <see cref="DefaultStrategy"/>, for custom strategies that extend it.</summary>
    /// <param name="cause">What the child threw.</param>
    /// <returns>Stop for initialization failures and death pacts, otherwise Restart.</returns>
    public static Directive DefaultDecider(Exception cause) =>
        cause is ActorInitializationException or DeathPactException ? Directive.Stop : Directive.Restart;

    /// <summary>Chooses what to do with a child that threw <paramref name="cause"/>.</summary>
    /// <param name="cause">The exception.</param>
    /// <returns>The directive, before restart limits are applied.</returns>
    public abstract Directive Decide(Exception cause);

    /// <summary>Counts one more restart of <paramref name="child"/>; false when the limit is exceeded.</summary>
    internal abstract bool RequestRestartPermission(ActorCell child, TimeProvider clock);
}
