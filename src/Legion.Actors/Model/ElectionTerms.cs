namespace Legion.Actors.Model;

/// <summary>
/// What <see cref="ElectionStep"/> needs to know of one legion and this node: the settings the election rules read,
/// fixed until this node switches identity (<see cref="ElectionInput.SwitchIdentity"/>). Immutable.
/// </summary>
/// <param name="Legion">The legion's name, for log lines.</param>
/// <param name="Self">This node's identity (name, pid, valor, uuid).</param>
/// <param name="Quorum">Votes needed to elect a Lord (<c>legion-quorum</c>); 0, the default, lets a lone node rule.</param>
/// <param name="Scroll">This node's scroll, which becomes the Lord scroll when it is Lord; null for none.</param>
/// <param name="ScrollMaxSize">The longest scroll adopted as the Lord scroll, in bytes (<c>legion-scroll-max-size</c>, default 4096).</param>
/// <param name="LordLease">The Lord lease (<c>legion-lord-lease</c>); null, the default, keeps uWSGI's behaviour (no lease).</param>
/// <param name="Tolerance">How long a silent member stays in the table (<c>legion-tolerance</c>, default 15 s).</param>
/// <param name="SkewTolerance">The clock skew beyond which announces are dropped; only named in log lines here.</param>
/// <param name="ClaimFence">How long past a silent Lord's tolerance this node claims no lordship (<see cref="Model.ClaimFence.Duration"/>; default 1.25 frequencies).</param>
/// <param name="WarmUp">How long after start no round runs (default 2 frequencies, see <see cref="ElectionStep"/>).</param>
/// <param name="Version">This node's application version (the <c>version</c> key), or null for none: no version fencing.</param>
/// <param name="LeaveWhenOutdated">True to leave the legion, never to rule again in this run, when a member runs a newer version.</param>
/// <param name="DeathOnLordError">
/// How long a failed <c>lord</c> action suspends this node (<c>legion-death-on-lord-error</c>); <see cref="TimeSpan.Zero"/>,
/// the default, never suspends.
/// </param>
internal sealed record ElectionTerms(
    string Legion,
    NodeIdentity Self,
    int Quorum,
    ReadOnlyMemory<byte>? Scroll,
    int ScrollMaxSize,
    TimeSpan? LordLease,
    TimeSpan Tolerance,
    TimeSpan SkewTolerance,
    TimeSpan ClaimFence,
    TimeSpan WarmUp,
    string? Version,
    bool LeaveWhenOutdated,
    TimeSpan DeathOnLordError);
