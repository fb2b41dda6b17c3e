namespace Legion.Actors.Tests.Support;

/// <summary>
/// One entry of a legion's <c>members</c> in uWSGI's stats JSON. <paramref name="Valor"/> is what
/// uWSGI stored, i.e. truncated to 16 bits; <paramref name="LastSeen"/> is uWSGI's clock, unix seconds.
/// </summary>
public sealed record UwsgiMemberStats(string Name, string Uuid, ulong Valor, ulong Checksum, long LastSeen);
