namespace Legion.Actors.Model;

/// <summary>The result of one <see cref="Election.Round"/>: the new state and what the caller must do.</summary>
/// <param name="State">The state after the round.</param>
/// <param name="Events">Events to fire, in order (<c>join</c>, then <c>lord</c> or <c>unlord</c>); empty when nothing changed.</param>
/// <param name="AnnounceNow">True when the caller must announce at once (a new Lord announces at once, as uWSGI's "trick" to make the old Lord step down sooner).</param>
/// <param name="QuorumReport">
/// True when a quorate round's view (candidate, checksum) differs from the last one reported: worth one "we have quorum"
/// log line, on every node, once per change (as uWSGI's "WE HAVE QUORUM"), however many disagreeing rounds came between.
/// </param>
/// <param name="NoQuorumWarning">True when a "no quorum" warning is due (throttled to once per 60 s, as uWSGI).</param>
public sealed record ElectionOutcome(
    ElectionState State,
    IReadOnlyList<LegionEvent> Events,
    bool AnnounceNow,
    bool QuorumReport,
    bool NoQuorumWarning);
