using Akka.Actor;
using Legion.Actors.Runtime;

namespace Legion.Actors.Actors;

/// <summary>
/// The <c>legions</c> actor: parent of one <see cref="LegionSupervisor"/> per legion, named
/// <c>legion-&lt;name&gt;</c>. One-for-one supervision, so a legion that fails is restarted (at most
/// 5 times a minute, then stopped) without touching the others.
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

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(5, TimeSpan.FromMinutes(1), _ => Directive.Restart);
}
