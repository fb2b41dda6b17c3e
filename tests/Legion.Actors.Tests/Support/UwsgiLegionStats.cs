namespace Legion.Actors.Tests.Support;

/// <summary>
/// One entry of <c>legions</c> in uWSGI's stats JSON (uWSGI 2.0 master_utils.c,
/// uwsgi_master_generate_stats). <paramref name="IAmTheLord"/> is the unix time the node became Lord,
/// 0 if it is not. <paramref name="LordUuid"/> is "" while the node has no candidate: uWSGI prints the
/// 36 zero bytes with <c>%.*s</c>, which stops at the first NUL.
/// </summary>
public sealed record UwsgiLegionStats(
    string Legion,
    string Addr,
    string Uuid,
    ulong Valor,
    ulong Checksum,
    long Quorum,
    long IAmTheLord,
    ulong LordValor,
    string LordUuid,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<UwsgiMemberStats> Members);
