using Legion.Actors.Actors;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Runtime;

namespace Legion.Host;

/// <summary>
/// The last <see cref="Capacity"/> things that happened on this node, newest last, for the status page: legion
/// events, changes of Lord as this node sees them, identity changes, failed actions. Thread-safe.
/// </summary>
internal sealed class StatusTimeline : IDisposable
{
    public const int Capacity = 200;

    private readonly Queue<StatusTimelineEntry> _entries = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<(ILegion Legion, EventHandler<LegionSnapshot> Handler)> _handlers = [];
    private readonly TimeProvider _time;

    public StatusTimeline(LegionNode node, LegionRegistry registry)
    {
        _time = LegionRuntime.Get(node.System).Clock;
        var system = node.System;
        _subscriptions.Add(system.Subscribe<LegionEventFired>(OnEvent));
        _subscriptions.Add(system.Subscribe<LegionIdentityChanged>(c => Add(c.Legion, "identity", c.Reason, c.At)));
        _subscriptions.Add(system.Subscribe<LegionActionCompleted>(OnAction));
        foreach (var legion in registry)
        {
            LegionLord? last = legion.Lord;
            EventHandler<LegionSnapshot> handler = (_, snapshot) =>
            {
                var lord = snapshot.Lord;
                if (snapshot.IsRunning && (lord?.Uuid != last?.Uuid || lord?.Valor != last?.Valor))
                {
                    Add(snapshot.Legion, "view", lord is null ? "no Lord (no quorum)" : $"Lord is now {lord.Name ?? "?"} (valor {lord.Valor}{(lord.IsSelf ? ", this node" : "")})", snapshot.At);
                }
                last = lord;
            };
            legion.Changed += handler;
            _handlers.Add((legion, handler));
        }
    }

    public IReadOnlyList<StatusTimelineEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public void Dispose()
    {
        _subscriptions.ForEach(s => s.Dispose());
        foreach (var (legion, handler) in _handlers)
        {
            legion.Changed -= handler;
        }
    }

    private void OnEvent(LegionEventFired fired)
    {
        var text = fired.Event switch
        {
            LegionEvent.Setup => $"legion started on {fired.Self.Name} (valor {fired.Self.Valor})",
            LegionEvent.Join => "joined: quorum reached",
            LegionEvent.Lord => $"this node ({fired.Self.Name}) became Lord",
            LegionEvent.Unlord => $"this node ({fired.Self.Name}) is no longer Lord",
            LegionEvent.Death => "leaving the legion",
            LegionEvent.NodeJoined => $"member {Describe(fired.Member)} joined",
            LegionEvent.NodeLeft => $"member {Describe(fired.Member)} left (silent)",
            LegionEvent.Outdated => $"outdated: member {Describe(fired.Member)} runs a newer version",
            LegionEvent.ForcedExit => "isolated from its peers and the witness: forced exit",
            _ => fired.Event.ToString(),
        };
        Add(fired.Legion, LegionEventName(fired.Event), text, fired.At);
    }

    private void OnAction(LegionActionCompleted action)
    {
        if (!action.Result.Succeeded)
        {
            Add(action.Legion, "action", $"action {action.Action} for {LegionEventName(action.Event)} failed: {action.Result.Error}", _time.GetUtcNow());
        }
    }

    private void Add(string legion, string kind, string text, DateTimeOffset at)
    {
        lock (_entries)
        {
            _entries.Enqueue(new StatusTimelineEntry(at, legion, kind, text));
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }
    }

    private static string Describe(MemberKey? member) => member is { } m ? $"{m.Name} (valor {m.Valor})" : "?";

    private static string LegionEventName(LegionEvent legionEvent) => Legion.Actors.Actions.LegionActionContext.PhaseOf(legionEvent);
}
