using Akka.Actor;
using Legion.Actors.Runtime;

namespace Legion.Actors.Actors;

/// <summary>
/// The <c>legions</c> actor: parent of one <see cref="LegionSupervisor"/> per legion, named
/// <c>legion-&lt;name&gt;</c>. One-for-one supervision: a legion supervisor that fails is resumed, without touching
/// the others (see <see cref="SupervisorStrategy"/> for why not restarted).
/// </summary>
public sealed class LegionsGuardian : ReceiveActor
{
    /// <summary>Creates the guardian.</summary>
    public LegionsGuardian()
    {
        Receive<StartLegion>(start =>
        {
            var supervisor = Context.ActorOf(LegionSupervisor.Props(start.Settings, start.TransportProps), $"legion-{start.Settings.Name}");
            Sender.Tell(new LegionStarted(start.Settings.Name, supervisor));
        });
    }

    /// <summary>Props for the guardian.</summary>
    public static Props Props() => LegionProps.Create(() => new LegionsGuardian());

    /// <summary>
    /// Resume a failed legion supervisor: its state is the latest copy of what its children told it and the replies it
    /// owes. A restart would stop all its children, so a Lord would end its Lord-only work without <c>unlord</c>
    /// actions, then fire <c>setup</c> again as a new node. A supervisor that fails while being created is restarted,
    /// at most 5 times a minute, then stopped.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new PerChildStrategy(5, TimeSpan.FromMinutes(1), new Dictionary<string, Directive>(), Directive.Resume);
}
