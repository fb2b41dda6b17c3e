using Legion.Actors.Actors;
using Legion.Actors.Model;

namespace Legion.Actors.Hosting;

/// <summary>
/// One legion of this node, for application code: is this node the Lord, who is, the members, quorum, events, and
/// runtime control. Get it from <see cref="ILegionRegistry"/> or, with <c>AddLegion</c>, from dependency
/// injection (keyed by legion name; unkeyed too when there is a single legion). It exists before the node starts
/// (then <see cref="IsRunning"/> is false and nobody is Lord) and after it stops. Thread-safe: properties read an
/// immutable <see cref="Snapshot"/>; events are raised on the legion's actor threads, so handlers must be short and
/// must not block.
/// </summary>
public interface ILegion
{
    /// <summary>Legion name.</summary>
    string Name { get; }

    /// <summary>The legion now. Replaced (never mutated) at every change.</summary>
    LegionSnapshot Snapshot { get; }

    /// <summary>True while the node runs this legion.</summary>
    bool IsRunning { get; }

    /// <summary>True while this node is the Lord. uWSGI's <c>uwsgi.i_am_the_lord(name)</c>.</summary>
    bool IsLord { get; }

    /// <summary>The Lord as this node sees it (see <see cref="LegionSnapshot.Lord"/>); null when there is none.</summary>
    LegionLord? Lord { get; }

    /// <summary>The other members, in join order.</summary>
    IReadOnlyList<Member> Members { get; }

    /// <summary>True when the last election round was quorate.</summary>
    bool HasQuorum { get; }

    /// <summary>
    /// A token cancelled when this node stops being Lord (or the node stops); already cancelled when it is not the
    /// Lord now. Take it right after <see cref="WaitForLordshipAsync"/> to bound lord-only work.
    /// </summary>
    CancellationToken LordshipToken { get; }

    /// <summary>Raised for every legion event of this legion on this node (setup, join, lord, unlord, death, node-joined, node-left).</summary>
    event EventHandler<LegionEventFired>? EventFired;

    /// <summary>Raised with the new snapshot whenever it changes (at least once per announce received).</summary>
    event EventHandler<LegionSnapshot>? Changed;

    /// <summary>The same events as <see cref="EventFired"/>, as an observable; completes when the registry is disposed.</summary>
    IObservable<LegionEventFired> Events { get; }

    /// <summary>Completes when this node is the Lord: at once if it is, else when it becomes Lord.</summary>
    /// <param name="cancellationToken">Stops waiting (the task is then cancelled).</param>
    /// <returns>A task that completes on lordship.</returns>
    Task WaitForLordshipAsync(CancellationToken cancellationToken = default);

    /// <summary>The full status (as the stats server shows it, with datagram counters).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The legion is not running.</exception>
    Task<LegionStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets, raises or lowers this node's valor: see <see cref="LegionNode.ChangeValorAsync"/>.</summary>
    /// <param name="request">The change.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The legion is not running.</exception>
    Task<ControlOutcome> ChangeValorAsync(ValorRequest request, CancellationToken cancellationToken = default);

    /// <summary>Steps down as Lord: see <see cref="LegionNode.StepDownAsync"/>.</summary>
    /// <param name="period">How long to stay out of the running; default 60 s.</param>
    /// <param name="force">Step down even with no successor in sight.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The legion is not running.</exception>
    Task<ControlOutcome> StepDownAsync(TimeSpan? period = null, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>Replaces this node's scroll: see <see cref="LegionNode.ReplaceScrollAsync"/>.</summary>
    /// <param name="scroll">The new scroll, or null to remove it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The legion is not running.</exception>
    /// <exception cref="ArgumentException">The scroll is longer than <c>legion-scroll-max-size</c>.</exception>
    Task<ControlOutcome> ReplaceScrollAsync(string? scroll, CancellationToken cancellationToken = default);
}
