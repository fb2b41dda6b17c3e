using Legion.Actors.Kernel;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// Keeps the member table of one legion: applies each decoded announce, expires silent members
/// (node-left), and tells the election actor (and the supervisor) what changed. The rules live in
/// <see cref="Membership"/>; this actor only routes and logs.
/// </summary>
public sealed class MembershipActor : ReceiveActor, IWithTimers
{
    private LegionSettings _settings;
    private readonly IActorRef _election;
    private Membership _membership = Membership.Empty;

    /// <summary>Creates the actor.</summary>
    /// <param name="settings">The legion's settings (identity, tolerances).</param>
    /// <param name="election">The election actor of the same legion.</param>
    public MembershipActor(LegionSettings settings, IActorRef election)
    {
        _settings = settings;
        _election = election;
        Receive<AnnounceReceived>(OnAnnounce);
        Receive<ExpiryTick>(_ => OnExpiryTick());
        Receive<SwitchIdentity>(switched => _settings = switched.Settings);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings, IActorRef election) =>
        Kernel.Props.Create(() => new MembershipActor(settings, election));

    /// <inheritdoc />
    protected override void PreStart() =>
        Timers.StartPeriodicTimer(ExpiryTick.Instance, ExpiryTick.Instance, _settings.ExpiryInterval);

    private void OnAnnounce(AnnounceReceived received)
    {
        var now = LegionInstant.From(Context.TimeProvider);
        var result = _membership.Receive(received.Announce, _settings.Self, now, _settings.SkewTolerance, _settings.Definition.MaxMembers);
        switch (result.Outcome)
        {
            case ReceiveOutcome.Own:
            case ReceiveOutcome.IgnoredDeath:
                return;
            case ReceiveOutcome.Skewed:
                Context.Parent.Tell(new CountDrop(DropReason.ClockSkew));
                return;
            case ReceiveOutcome.Refused:
                Context.Parent.Tell(new CountDrop(DropReason.TooManyMembers));
                return;
            case ReceiveOutcome.Joined:
                Context.Log.LogInformation("{Kind} {Member} joined legion {Legion}",
                    result.Member!.IsArbiter ? "Arbiter" : "Node", result.Member.Key, _settings.Name);
                _election.Tell(new MemberJoined(result.Member));
                break;
            case ReceiveOutcome.Died:
                Context.Log.LogInformation("{Kind} {Member} announced its death to legion {Legion}",
                    result.Member!.IsArbiter ? "Arbiter" : "Node", result.Member.Key, _settings.Name);
                break;
        }
        Publish(result.Membership);
    }

    private void OnExpiryTick()
    {
        var expiry = _membership.Expire(LegionInstant.From(Context.TimeProvider), _settings.Tolerance);
        foreach (var member in expiry.Left)
        {
            Context.Log.LogInformation("{Kind} {Member} left legion {Legion} (silent for more than {Tolerance})",
                member.IsArbiter ? "Arbiter" : "Node", member.Key, _settings.Name, _settings.Tolerance);
            _election.Tell(new MemberLeft(member));
        }
        if (expiry.Left.Count > 0)
        {
            Publish(expiry.Membership);
        }
    }

    private void Publish(Membership membership)
    {
        _membership = membership;
        var changed = new MembershipChanged(membership);
        _election.Tell(changed);
        Context.Parent.Tell(changed);
    }
}
