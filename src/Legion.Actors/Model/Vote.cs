namespace Legion.Actors.Model;

/// <summary>
/// Who a node wants as Lord: the <c>lord_valor</c> and <c>lord_uuid</c> of its announces.
/// <see cref="Uuid"/> is null for "no candidate" (36 bytes of <c>0x00</c> on the wire).
/// </summary>
/// <param name="Valor">Valor of the node voted for; 0 with no candidate.</param>
/// <param name="Uuid">36-character uuid of the node voted for, or null for none.</param>
public readonly record struct Vote(ulong Valor, string? Uuid)
{
    /// <summary>No candidate: valor 0, uuid all <c>0x00</c> on the wire.</summary>
    public static Vote None { get; } = new(0, null);

    /// <summary>True when this vote names no node.</summary>
    public bool IsNone => Uuid is null;

    /// <summary><c>VALOR/UUID</c>, or <c>none</c>.</summary>
    public override string ToString() => Uuid is null ? "none" : $"{Valor}/{Uuid}";
}
