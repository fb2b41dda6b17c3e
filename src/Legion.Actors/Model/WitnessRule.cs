namespace Legion.Actors.Model;

/// <summary>
/// The shared-storage witness (extension <c>legion-witness = NAME DIR</c>): besides UDP, every node refreshes
/// a small record in a shared directory (NFS in production). A node that has lost UDP contact with everyone
/// consults it: if other nodes' records are fresh they are alive and it is the isolated one, so it must not
/// claim lordship (stricter than "a quorum of records": any live peer it cannot hear is a split-brain risk);
/// if it cannot reach the storage either, it steps down. Pure.
/// </summary>
internal static class WitnessRule
{
    /// <summary>Evaluates the witness.</summary>
    /// <param name="members">Members this node hears over UDP.</param>
    /// <param name="storageReachable">Whether this node could write its own record and read the directory at its last attempt.</param>
    /// <param name="freshOthers">Other nodes whose records are fresh (see <see cref="IsFresh"/>).</param>
    public static WitnessVerdict Evaluate(int members, bool storageReachable, int freshOthers) =>
        members > 0 ? WitnessVerdict.Normal
        : !storageReachable ? WitnessVerdict.ForceExit
        : freshOthers > 0 ? WitnessVerdict.DoNotClaim
        : WitnessVerdict.Normal;

    /// <summary>
    /// Whether a record written at <paramref name="recordUnix"/> (the writer's clock, unix seconds) is fresh
    /// at <paramref name="nowUnix"/>: no older than the tolerance plus the skew tolerance (clocks of
    /// different machines differ), and not from the future beyond the skew tolerance.
    /// </summary>
    public static bool IsFresh(long recordUnix, long nowUnix, TimeSpan tolerance, TimeSpan skewTolerance)
    {
        long slack = (long)Math.Ceiling((tolerance + skewTolerance).TotalSeconds);
        return recordUnix >= nowUnix - slack && recordUnix <= nowUnix + (long)Math.Ceiling(skewTolerance.TotalSeconds);
    }
}
