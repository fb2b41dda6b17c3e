namespace Legion.Actors.Configuration;

/// <summary>The fields of <c>NAME ADDR VALOR CIPHER:SECRET [IV]</c>, still as text.</summary>
internal readonly record struct LegionDeclarationFields(
    string Name, string Address, string Valor, string Cipher, string Secret, string? Iv);

/// <summary>
/// Splits a <c>legion</c>/<c>legion-mcast</c> value exactly as uWSGI 2.0 does (legion.c,
/// <c>uwsgi_opt_legion</c> and <c>uwsgi_legion_register</c>): the name, address and valor each end at the next
/// single space; the cipher ends at the first <c>:</c> after that; the secret ends at the next space; the IV
/// is everything after it, spaces included. Two spaces in a row therefore make an empty field.
/// </summary>
internal static class LegionDeclarationSyntax
{
    public const string Expected = "NAME ADDR VALOR CIPHER:SECRET [IV], separated by single spaces";

    /// <summary>Splits the value; on failure <paramref name="problem"/> says which field is missing.</summary>
    public static bool TrySplit(string value, out LegionDeclarationFields fields, out string problem)
    {
        fields = default;
        string[] names = ["NAME", "ADDR", "VALOR"];
        var parts = new string[3];
        var rest = value;
        for (var i = 0; i < parts.Length; i++)
        {
            var space = rest.IndexOf(' ');
            if (space < 0)
            {
                problem = i == 0 && rest.Length == 0
                    ? "value is empty"
                    : $"fields missing after {names[i]}: only {i + 1} of the 4 required fields";
                return false;
            }

            parts[i] = rest[..space];
            rest = rest[(space + 1)..];
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                problem = $"{names[i]} is empty (two spaces in a row?)";
                return false;
            }
        }

        var colon = rest.IndexOf(':');
        if (colon < 0)
        {
            problem = "the fourth field is not CIPHER:SECRET (no ':')";
            return false;
        }

        var secretAndIv = rest[(colon + 1)..];
        var ivSpace = secretAndIv.IndexOf(' ');
        var iv = ivSpace < 0 ? null : secretAndIv[(ivSpace + 1)..];
        fields = new LegionDeclarationFields(
            parts[0], parts[1], parts[2], rest[..colon],
            ivSpace < 0 ? secretAndIv : secretAndIv[..ivSpace],
            string.IsNullOrEmpty(iv) ? null : iv);
        problem = "";
        return true;
    }
}
