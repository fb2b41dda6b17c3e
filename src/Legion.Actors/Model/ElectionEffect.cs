using Microsoft.Extensions.Logging;

namespace Legion.Actors.Model;

/// <summary>
/// One thing <see cref="ElectionStep.Step"/> asks the election actor to do, in order: fire an event, tell heartbeat or
/// the supervisor, start a timer, log. The step does none of it itself.
/// </summary>
internal abstract record ElectionEffect
{
    private ElectionEffect()
    {
    }

    /// <summary>Fire <paramref name="Event"/>: log it, publish it, run its actions (a <c>lord</c> event's actions reply when done).</summary>
    /// <param name="Event">The event.</param>
    /// <param name="Self">This node as the event fires (a handover's <c>unlord</c> fires under the old identity).</param>
    /// <param name="State">The election state as the event fires (its candidate is the Lord the actions are told of).</param>
    /// <param name="Member">The member a <c>node-joined</c>, <c>node-left</c> or <c>outdated</c> event is about; null otherwise.</param>
    /// <param name="ReplyWhenDone">True when the actions must reply <see cref="ElectionInput.UnlordActionsDone"/> (a handover's <c>unlord</c>).</param>
    public sealed record Fire(LegionEvent Event, NodeIdentity Self, ElectionState State, MemberKey? Member = null, bool ReplyWhenDone = false) : ElectionEffect;

    /// <summary>Log a structured line: <paramref name="Template"/> with named holes, filled by <paramref name="Args"/> in order.</summary>
    /// <param name="Level">Information or Warning.</param>
    /// <param name="Template">A message template (Serilog style, never interpolated).</param>
    /// <param name="Args">The values of the template's holes.</param>
    public sealed record Log(LogLevel Level, string Template, params object?[] Args) : ElectionEffect;

    /// <summary>Tell heartbeat (what to announce) and the supervisor the election state now.</summary>
    /// <param name="State">The state.</param>
    public sealed record ShareState(ElectionState State) : ElectionEffect;

    /// <summary>Tell only the supervisor the election state now (heartbeat is holding its announces).</summary>
    /// <param name="State">The state.</param>
    public sealed record ReportState(ElectionState State) : ElectionEffect;

    /// <summary>Tell heartbeat to announce at once (heartbeat coalesces bursts).</summary>
    public sealed record AnnounceNow : ElectionEffect;

    /// <summary>Tell heartbeat to keep announcing the old identity with <paramref name="State"/> until <see cref="AnnounceIdentity"/>.</summary>
    /// <param name="State">The state to announce meanwhile (no longer Lord).</param>
    public sealed record HoldAnnounces(ElectionState State) : ElectionEffect;

    /// <summary>Tell heartbeat to announce this node's current identity (its settings as last switched) from now on, then the old one's death.</summary>
    /// <param name="State">The election state under the new identity.</param>
    public sealed record AnnounceIdentity(ElectionState State) : ElectionEffect;

    /// <summary>
    /// A failed <c>lord</c> action suspended this node: tell heartbeat the state and to send one death announce, tell
    /// the supervisor the state and to stop Lord-only work.
    /// </summary>
    /// <param name="State">The suspended state.</param>
    public sealed record AnnounceSuspension(ElectionState State) : ElectionEffect;

    /// <summary>Tell the supervisor that this node, Lord with its <c>lord</c> actions done, may start Lord-only work.</summary>
    public sealed record StartLordWork : ElectionEffect;

    /// <summary>Start (or restart) the claim fence's timer: <see cref="ElectionInput.ClaimFenceEnded"/> after <paramref name="Delay"/>.</summary>
    /// <param name="Delay">Positive.</param>
    public sealed record StartClaimFenceTimer(TimeSpan Delay) : ElectionEffect;

    /// <summary>Ask the supervisor to leave the legion (this node is outdated and configured to leave).</summary>
    public sealed record LeaveLegion : ElectionEffect;
}
