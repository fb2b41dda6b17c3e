using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>What an action knows about the event that runs it. Immutable.</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Event">The event being handled.</param>
/// <param name="Self">This node (name, pid, valor, uuid).</param>
/// <param name="Lord">The current candidate/Lord vote at the time of the event; <see cref="Vote.None"/> when unknown.</param>
/// <param name="Member">For node-joined/node-left: the member concerned; otherwise null.</param>
/// <param name="Logger">Logger for the action's own output (category <c>Legion.Actions</c>).</param>
public sealed record LegionActionContext(
    string Legion,
    LegionEvent Event,
    NodeIdentity Self,
    Vote Lord,
    MemberKey? Member,
    ILogger Logger)
{
    /// <summary>
    /// The node's signal bus, where <c>signal:N</c> raises its signal; set by the action runner. Null outside a node
    /// (then <c>signal:</c> fails).
    /// </summary>
    public LegionSignalBus? Signals { get; init; }

    /// <summary>The node's declared alarms, which <c>alarm:NAME MESSAGE</c> raises; set by the action runner. Null outside a node.</summary>
    public LegionAlarms? Alarms { get; init; }

    /// <summary>For an action run by <c>legion-signal-handler</c>: the signal that started it; otherwise null.</summary>
    public int? Signal { get; init; }

    /// <summary>The event's name as uWSGI writes it in its phase logs: <c>setup</c>, <c>node_joined</c>, ...</summary>
    public string Phase => PhaseOf(Event);

    /// <summary>uWSGI's phase name for an event (legion.c passes <c>"node_joined"</c> etc.).</summary>
    public static string PhaseOf(LegionEvent legionEvent) => legionEvent switch
    {
        LegionEvent.NodeJoined => "node_joined",
        LegionEvent.NodeLeft => "node_left",
        LegionEvent.ForcedExit => "forced_exit",
        _ => legionEvent.ToString().ToLowerInvariant(),
    };
}
