using Legion.Actors.Actors;
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Legion.Actors.Runtime;

namespace Legion.Host;

/// <summary>
/// The last <see cref="Capacity"/> things that happened on this node, newest last, for the status page: legion
/// events, changes of Lord as this node sees them, identity changes, failed actions. Thread-safe.
/// </summary>
/// <remarks>
/// A member's valor change (a step-down, <c>legion set-valor</c>, a health penalty) reaches this node as a new member:
/// peers key members by (valor, name, uuid), and the node announces its new identity, then the old one's death. The
/// timeline tells it as what it is — the member's uuid is the same — rather than as "member ... joined": a Lord (as
/// this node sees it) going to valor 0 "stepped down", any other member going to 0 "is now an arbiter".
/// </remarks>
internal sealed class StatusTimeline : IDisposable
{
    public const int Capacity = 200;

    private readonly Queue<StatusTimelineEntry> _entries = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<(ILegion Legion, EventHandler<LegionSnapshot> Handler)> _handlers = [];
    private readonly TimeProvider _time;

    // Guarded by _entries: the valor each member (legion, uuid) was last seen with, and this node's Lord per legion.
    private readonly Dictionary<(string Legion, string Uuid), ulong> _valors = [];
    private readonly Dictionary<string, LegionLord?> _lords = new(StringComparer.Ordinal);

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
            Track(legion.Snapshot);
            EventHandler<LegionSnapshot> handler = (_, snapshot) =>
            {
                var lord = snapshot.Lord;
                Track(snapshot);
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
        if (fired.Member is { } member && fired.Event is LegionEvent.NodeJoined or LegionEvent.NodeLeft && Remember(fired.Legion, fired.Event, member) is { } change)
        {
            Add(fired.Legion, change.Kind, change.Text, fired.At);
            return;
        }
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

    /// <summary>
    /// Follows the member table as snapshots show it (the timeline starts after the node, and snapshots and events
    /// arrive on different threads): a member not known yet is added with the valor it was first listed with, one
    /// whose uuid left the table is forgotten. Events decide changes; a snapshot never overwrites a known valor.
    /// </summary>
    private void Track(LegionSnapshot snapshot)
    {
        lock (_entries)
        {
            _lords[snapshot.Legion] = snapshot.Lord;
            var present = snapshot.Members.Select(m => m.Uuid).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _valors.Keys.Where(k => k.Legion == snapshot.Legion && !present.Contains(k.Uuid)).ToList())
            {
                _valors.Remove(gone);
            }
            foreach (var member in snapshot.Members)
            {
                _valors.TryAdd((snapshot.Legion, member.Uuid), member.Valor);
            }
        }
    }

    /// <summary>Keeps the member table's valors; a member that joins under a uuid already known is a valor change, told as one.</summary>
    private (string Kind, string Text)? Remember(string legion, LegionEvent legionEvent, MemberKey member)
    {
        lock (_entries)
        {
            var key = (legion, member.Uuid);
            if (legionEvent == LegionEvent.NodeLeft)
            {
                if (_valors.TryGetValue(key, out var known) && known == member.Valor)
                {
                    _valors.Remove(key);
                }
                return null;
            }
            bool changed = _valors.TryGetValue(key, out var before) && before != member.Valor;
            _valors[key] = member.Valor;
            if (!changed)
            {
                return null;
            }
            bool wasLord = _lords.GetValueOrDefault(legion) is { } lord && lord.Uuid == member.Uuid;
            return (wasLord, member.Valor) switch
            {
                (true, 0) => ("step-down", $"Lord {member.Name} stepped down (valor {before} → 0)"),
                (false, 0) => ("valor", $"member {member.Name} is now an arbiter (valor {before} → 0)"),
                _ => ("valor", $"member {member.Name} changed valor {before} → {member.Valor}"),
            };
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
