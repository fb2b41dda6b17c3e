namespace Legion.Actors.Kernel;

/// <summary>
/// The base of every actor (as Akka.NET's <c>ActorBase</c>). The kernel processes one message at a time per actor,
/// so an actor's fields need no locks. Instances are created only by the kernel, from <see cref="Props"/>.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell cell;

    /// <summary>Binds the new instance to its actor.</summary>
    /// <exception cref="InvalidOperationException">Called outside a <see cref="Props"/> factory run by the kernel.</exception>
    protected ActorBase()
    {
        cell = ActorCell.Constructing
            ?? throw new InvalidOperationException("Actors are created by ActorOf(Props), not with 'new'.");
        if (this is IWithTimers withTimers)
        {
            withTimers.Timers = cell.Timers;
        }
    }

    /// <summary>This actor's context; see <see cref="IActorContext"/> for where it may be used.</summary>
    protected IActorContext Context => cell;

    /// <summary>This actor's ref.</summary>
    protected IActorRef Self => cell;

    /// <summary>The sender of the current message; <see cref="ActorSystem.DeadLetters"/> when there is none.</summary>
    protected IActorRef Sender => cell.Sender;

    internal bool AroundReceive(object message) => Receive(message);

    /// <summary>Called by the kernel once the instance is fully constructed.</summary>
    internal virtual void Constructed()
    {
    }

    internal void AroundUnhandled(object message) => Unhandled(message);

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop() => PostStop();

    internal void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy AroundSupervisorStrategy() => SupervisorStrategy();

    /// <summary>Handles one message.</summary>
    /// <param name="message">The message.</param>
    /// <returns>False if the message was not handled; <see cref="Unhandled"/> is then called.</returns>
    protected abstract bool Receive(object message);

    /// <summary>Runs after the actor is constructed, before its first message. Throwing stops it (by default).</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs once after the actor has stopped processing messages and all its children have stopped.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>
    /// Runs on the failed instance before it is replaced. Default: unwatch and stop every child, then
    /// <see cref="PostStop"/>. The new instance is created once the stopped children have terminated.
    /// </summary>
    /// <param name="reason">The exception that caused the restart.</param>
    /// <param name="message">The message being handled when it failed (dropped), if any.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the new instance after a restart. Default: <see cref="PreStart"/>.</summary>
    /// <param name="reason">The exception that caused the restart.</param>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>
    /// The strategy this actor applies to its children, unless its <see cref="Props.SupervisorStrategy"/> is set.
    /// Default: <see cref="Kernel.SupervisorStrategy.DefaultStrategy"/>.
    /// </summary>
    /// <returns>The strategy.</returns>
    protected virtual SupervisorStrategy SupervisorStrategy() => Kernel.SupervisorStrategy.DefaultStrategy;

    /// <summary>
    /// Called for a message <see cref="Receive"/> did not handle. Default: publish <see cref="UnhandledMessage"/>
    /// on the event stream, or for <see cref="Terminated"/> throw <see cref="DeathPactException"/>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <exception cref="DeathPactException"><paramref name="message"/> is <see cref="Terminated"/>.</exception>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        cell.System.EventStream.Publish(new UnhandledMessage(message, cell.CurrentSender, cell));
    }
}
