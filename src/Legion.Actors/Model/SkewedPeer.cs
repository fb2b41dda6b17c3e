namespace Legion.Actors.Model;

/// <summary>One sender in <see cref="SkewEvidence"/>: a node heard only through announces dropped for clock skew.</summary>
/// <param name="Valor">Its valor, as last announced.</param>
/// <param name="Name">Its host name, as last announced.</param>
/// <param name="Uuid">Its run uuid.</param>
/// <param name="LastUnix">The greatest <c>unix</c> it announced (its clock, unix seconds).</param>
/// <param name="Advanced">
/// True once a later announce carried a greater <c>unix</c> than an earlier one, heard at least the minimum span later
/// (<see cref="SkewEvidence.Observe"/>): evidence of a live node.
/// </param>
/// <param name="LastAdvance">Local monotonic time of the first announce, then of the last advance.</param>
/// <param name="FirstHeard">Local monotonic time of its first announce.</param>
internal sealed record SkewedPeer(ulong Valor, string Name, string Uuid, long LastUnix, bool Advanced, TimeSpan LastAdvance, TimeSpan FirstHeard = default);
