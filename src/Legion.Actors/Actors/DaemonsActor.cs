using Akka.Actor;
using Legion.Actors.Runtime;

namespace Legion.Actors.Actors;

/// <summary>
/// The <c>daemons</c> actor of a legion: one <see cref="DaemonActor"/> child per Lord-only daemon
/// (<c>legion-attach-daemon</c>, <c>legion-smart-attach-daemon</c>, <c>legion-smart-attach-daemon2</c>), told when this
/// node may do Lord-only work, and the one place the supervisor learns their state from. A daemon actor that fails is
/// restarted (at most 10 times a minute) without touching the others.
/// </summary>
internal sealed class DaemonsActor : ReceiveActor
{
    private readonly LegionSettings _settings;
    private readonly LegionDaemonStatus[] _status;
    private readonly List<IActorRef> _daemons = [];
    private LordshipChanged _lordship = new(false);

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion (its <see cref="Configuration.LegionDefinition.Daemons"/>).</param>
    public DaemonsActor(LegionSettings settings)
    {
        _settings = settings;
        _status = settings.Definition.Daemons.Select(d => new LegionDaemonStatus(d, null, 0, null)).ToArray();
        Receive<LordshipChanged>(changed =>
        {
            _lordship = changed;
            _daemons.ForEach(d => d.Tell(changed));
        });
        // A daemon actor that (re)starts learns the current lordship.
        Receive<DaemonReady>(_ => Sender.Tell(_lordship));
        Receive<DaemonReport>(report =>
        {
            _status[report.Index] = report.Status;
            Context.Parent.Tell(new DaemonStatusChanged(_status.ToArray()));
        });
    }

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings) => LegionProps.Create(() => new DaemonsActor(settings));

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(10, TimeSpan.FromMinutes(1), _ => Directive.Restart);

    /// <inheritdoc />
    protected override void PreStart()
    {
        for (int i = 0; i < _settings.Definition.Daemons.Count; i++)
        {
            _daemons.Add(Context.ActorOf(DaemonActor.Props(_settings, i), $"daemon-{i + 1}"));
        }
        Context.Parent.Tell(new DaemonStatusChanged(_status.ToArray()));
    }
}
