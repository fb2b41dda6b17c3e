namespace Legion.Actors.Model;

/// <summary>
/// This node as it announces itself in one legion. The uuid is new at every start, as uWSGI's.
/// </summary>
/// <param name="Name">Host name (<c>name</c> key).</param>
/// <param name="Pid">Process id (<c>pid</c> key).</param>
/// <param name="Valor">Valor, 0 for an arbiter (<c>valor</c> key).</param>
/// <param name="Uuid">36-character lowercase uuid text (<c>uuid</c> key).</param>
public sealed record NodeIdentity(string Name, long Pid, ulong Valor, string Uuid)
{
    /// <summary>True for valor 0: counted for quorum and checksum, never Lord.</summary>
    public bool IsArbiter => Valor == 0;

    /// <summary>The key peers file this node under.</summary>
    public MemberKey Key => new(Valor, Name, Uuid);

    /// <summary>A vote for this node.</summary>
    public Vote AsVote => new(Valor, Uuid);
}
