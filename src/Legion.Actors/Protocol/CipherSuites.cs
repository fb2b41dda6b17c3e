namespace Legion.Actors.Protocol;

/// <summary>
/// The cipher names accepted in <c>legion = NAME ADDR VALOR CIPHER:SECRET [IV]</c>, spelled as
/// OpenSSL (and so uWSGI) spells them. Read from the same table <see cref="LegionCipher.Create(string, string, string?)"/> uses,
/// so a name listed here can always be created.
/// </summary>
internal static class CipherSuites
{
    /// <summary>Every supported cipher name, lowercase, in the order shown to users.</summary>
    public static IReadOnlyList<string> Supported { get; } = Array.AsReadOnly(LegionCipher.Table.Select(spec => spec.Name).Concat(LegionCipher.AuthenticatedNames).ToArray());

    /// <summary>
    /// The ciphers a uWSGI 2.0 peer understands (OpenSSL CBC ciphers with uWSGI's key and IV rules):
    /// <see cref="Supported"/> without the authenticated-mode ciphers of <see cref="LegionCipher.AuthenticatedNames"/>.
    /// </summary>
    public static IReadOnlyList<string> UwsgiCompatible { get; } = Array.AsReadOnly(LegionCipher.Table.Select(spec => spec.Name).ToArray());

    /// <summary>True when <paramref name="name"/> (case-insensitive) is in <see cref="Supported"/>.</summary>
    public static bool IsSupported(string name) =>
        Supported.Contains(name, StringComparer.OrdinalIgnoreCase);
}
