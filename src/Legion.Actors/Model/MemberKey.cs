namespace Legion.Actors.Model;

/// <summary>
/// The identity of a member: uWSGI keys its member table by (valor, name, uuid), so a node that
/// changes valor appears as a new member (legion.c, <c>uwsgi_legion_get_node</c>).
/// </summary>
/// <param name="Valor">The member's valor (0 = arbiter).</param>
/// <param name="Name">The member's host name.</param>
/// <param name="Uuid">The member's 36-character run uuid.</param>
public readonly record struct MemberKey(ulong Valor, string Name, string Uuid)
{
    /// <summary><c>NAME VALOR UUID</c>.</summary>
    public override string ToString() => $"{Name} valor {Valor} uuid {Uuid}";
}
