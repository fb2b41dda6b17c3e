namespace Legion.Actors.Model;

/// <summary>
/// The membership checksum nodes compare to agree that they see the same legion: own valor plus
/// the bytes of own uuid text, plus the same for every member, in unsigned 64-bit arithmetic
/// (as uWSGI 2.0 legion.c, <c>uwsgi_legion_checksum</c>).
/// </summary>
internal static class LegionChecksum
{
    /// <summary>Computes the checksum of this node and its members.</summary>
    /// <param name="self">This node.</param>
    /// <param name="members">Every member of the table.</param>
    public static ulong Compute(NodeIdentity self, IEnumerable<Member> members)
    {
        ulong sum = unchecked(self.Valor + UuidSum(self.Uuid));
        foreach (var member in members)
        {
            sum = unchecked(sum + member.Valor + UuidSum(member.Uuid));
        }
        return sum;
    }

    /// <summary>One node's part of the checksum: its valor plus <see cref="UuidSum"/> of its uuid (unsigned 64-bit, wrapping).</summary>
    internal static ulong Part(ulong valor, string uuid) => unchecked(valor + UuidSum(uuid));

    /// <summary>
    /// Sum of the uuid's 36 characters as uWSGI adds them: each a C <c>char</c>, so a byte above
    /// 0x7F counts as a negative number (sign-extended), which only a hostile peer would send.
    /// </summary>
    internal static ulong UuidSum(string uuid)
    {
        ulong sum = 0;
        foreach (char c in uuid)
        {
            sum = unchecked(sum + (ulong)(long)(sbyte)(byte)c);
        }
        return sum;
    }
}
