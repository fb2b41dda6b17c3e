using Akka.Actor;

namespace Legion.Actors.Runtime;

/// <summary>
/// A one-for-one supervisor strategy whose directive depends on which child failed (by the child's name), not on the
/// exception: each child of a legion has its own reason to be resumed or restarted (see
/// <see cref="Actors.LegionSupervisor"/>). A child that fails while being created (<see cref="ActorInitializationException"/>)
/// is always restarted, since there is no instance to resume. Restarts count against
/// <c>maxNrOfRetries</c> within <c>withinTimeRange</c>, after which the child is stopped, as in Akka's
/// <see cref="OneForOneStrategy"/>.
/// </summary>
internal sealed class PerChildStrategy : OneForOneStrategy
{
    private readonly IReadOnlyDictionary<string, Directive> _byName;
    private readonly Directive _otherwise;

    /// <summary>Creates the strategy.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed per child within <paramref name="withinTimeRange"/>; then it is stopped.</param>
    /// <param name="withinTimeRange">The window restarts are counted in.</param>
    /// <param name="byName">The directive per child name (the last element of its path).</param>
    /// <param name="otherwise">The directive for a child not in <paramref name="byName"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="byName"/> is null.</exception>
    public PerChildStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, IReadOnlyDictionary<string, Directive> byName, Directive otherwise)
        : base(maxNrOfRetries, withinTimeRange, static _ => Directive.Restart)
    {
        _byName = byName ?? throw new ArgumentNullException(nameof(byName));
        _otherwise = otherwise;
    }

    /// <inheritdoc />
    protected override Directive Handle(IActorRef child, Exception exception) =>
        exception is ActorInitializationException ? Directive.Restart : _byName.GetValueOrDefault(child.Path.Name, _otherwise);
}
