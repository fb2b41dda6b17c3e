using Akka.Actor;
using Akka.Event;

namespace Legion.Actors.Actors;

/// <summary>
/// Runs one <see cref="LordOnlyActorSpec"/>: starts the user's actor as its child once this node's <c>lord</c> actions
/// have finished (told <see cref="LordshipChanged"/> by the legion's supervisor, as cron and daemons are), and tells it
/// the spec's termination message when lordship ends (<c>unlord</c>, a step-down, the node leaving), modelled on
/// Akka.Cluster.Tools' <c>ClusterSingletonManager</c>. Two instances never overlap: a new lordship that comes while the
/// old actor is still stopping starts the new one once it has stopped. Every other message is forwarded to the running
/// actor; while there is none it goes to dead letters. An actor that stops by itself is started again at the next
/// lordship, not before; one that fails is restarted (Akka's default supervision).
/// </summary>
internal sealed class LordOnlyActorManager : ReceiveActor
{
    private readonly LordOnlyActorSpec _spec;

    /// <summary>Creates the manager, not Lord.</summary>
    /// <param name="spec">The actor to run.</param>
    public LordOnlyActorManager(LordOnlyActorSpec spec)
    {
        _spec = spec;
        NotLord();
    }

    /// <summary>Props of a manager (on the legion dispatcher; the user's actor runs on the dispatcher its props name).</summary>
    /// <param name="spec">The actor to run.</param>
    /// <returns>The props.</returns>
    public static Props Props(LordOnlyActorSpec spec) => Runtime.LegionProps.Create(() => new LordOnlyActorManager(spec));

    private void NotLord()
    {
        Receive<LordshipChanged>(changed =>
        {
            if (changed.IsLord)
            {
                Start();
            }
        });
        Receive<Terminated>(_ => { });
        ReceiveAny(ToDeadLetters);
    }

    private void Running(IActorRef actor)
    {
        Receive<LordshipChanged>(changed =>
        {
            if (!changed.IsLord)
            {
                actor.Tell(_spec.TerminationMessage, Self);
                Become(() => Stopping(actor, lordAgain: false));
            }
        });
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(actor))
            {
                Become(NotLord);
            }
        });
        ReceiveAny(message => actor.Forward(message));
    }

    private void Stopping(IActorRef actor, bool lordAgain)
    {
        Receive<LordshipChanged>(changed => Become(() => Stopping(actor, changed.IsLord)));
        Receive<Terminated>(terminated =>
        {
            if (!terminated.ActorRef.Equals(actor))
            {
                return;
            }
            if (lordAgain)
            {
                Start();
            }
            else
            {
                Become(NotLord);
            }
        });
        ReceiveAny(ToDeadLetters);
    }

    private void Start()
    {
        var actor = Context.Watch(Context.ActorOf(_spec.Props, _spec.Name));
        Become(() => Running(actor));
    }

    private void ToDeadLetters(object message) => Context.System.DeadLetters.Tell(new DeadLetter(message, Sender, Self), Sender);
}
