using System.Text;

namespace Legion.Actors.Configuration;

/// <summary>
/// uWSGI 2.0's "magic variables": while it reads an ini file, every <c>%X</c> is replaced before the lines are
/// parsed (core/utils.c, <c>magic_sub</c>; core/uwsgi.c, <c>config_magic_table_fill</c>). <c>%d</c> is the
/// file's directory with a trailing <c>/</c>, <c>%p</c> its real path, <c>%s</c> its name, <c>%n</c> the name
/// without extension, <c>%e</c> the extension, <c>%c</c> the directory's own name, <c>%0</c>..<c>%9</c> the
/// directory's components, <c>%x</c> the section given with <c>FILE:SECTION</c>, <c>%o</c> the path as written,
/// <c>%j</c> a hash of the real path, <c>%%</c> a literal <c>%</c>; upper-case letters are the same values
/// for the first file read. Any other <c>%X</c> becomes nothing, and <c>%(</c> is left for placeholders.
/// This is copied faithfully, because a secret such as <c>ab%cd</c> must turn into the same key here as in a
/// uWSGI peer reading the same file.
/// </summary>
internal sealed class UwsgiMagicVariables
{
    private readonly Dictionary<char, string> table = new();

    private UwsgiMagicVariables()
    {
    }

    /// <summary>Letters this implementation cannot compute (<c>%i</c>, the inode); they expand to nothing, with a warning.</summary>
    public static bool IsUnsupported(char letter) => letter is 'i' or 'I';

    /// <summary>Builds the table for one file.</summary>
    /// <param name="asWritten">The path as the user wrote it (<c>%o</c>).</param>
    /// <param name="realPath">The resolved absolute path (<c>%p</c>).</param>
    /// <param name="section">The section asked for with <c>FILE:SECTION</c>, or null (<c>%x</c>).</param>
    /// <param name="firstRound">The table of the first file read, for the upper-case letters; null when this is it.</param>
    public static UwsgiMagicVariables For(string asWritten, string realPath, string? section, UwsgiMagicVariables? firstRound)
    {
        var magic = new UwsgiMagicVariables();
        var t = magic.table;
        var slash = realPath.LastIndexOf('/');
        var name = slash >= 0 ? realPath[(slash + 1)..] : realPath;
        var directory = slash >= 0 ? realPath[..(slash + 1)] : "";
        var dot = name.LastIndexOf('.');
        var trimmedDirectory = directory.TrimEnd('/');
        var components = directory.Split('/', StringSplitOptions.RemoveEmptyEntries);

        t['o'] = asWritten;
        t['p'] = realPath;
        t['s'] = name;
        t['d'] = directory;
        t['n'] = dot >= 0 ? name[..dot] : name;
        t['e'] = dot >= 0 ? name[(dot + 1)..] : "";
        t['c'] = trimmedDirectory.Contains('/') ? trimmedDirectory[(trimmedDirectory.LastIndexOf('/') + 1)..] : "";
        t['x'] = section ?? "";
        t['j'] = Djb33xHex(realPath);
        t['b'] = Environment.ProcessPath ?? "";
        for (var i = 0; i < 10; i++)
        {
            t[(char)('0' + i)] = i < components.Length ? components[i] : "";
        }

        var first = firstRound?.table ?? t;
        foreach (var letter in "ODSPCENXJ")
        {
            t[letter] = first.GetValueOrDefault(char.ToLowerInvariant(letter), "");
        }

        return magic;
    }

    /// <summary>
    /// Expands one <c>%X</c>: returns the replacement, or null for <c>%(</c> (kept as written for the
    /// placeholder pass).
    /// </summary>
    /// <param name="letter">The character after the <c>%</c>.</param>
    /// <param name="known">False when the letter is not a magic variable (it still expands to nothing).</param>
    public string? Expand(char letter, out bool known)
    {
        known = true;
        switch (letter)
        {
            case '%':
                return "%";
            case '(':
                return null;
        }

        if (table.TryGetValue(letter, out var value))
        {
            return value;
        }

        known = false;
        return "";
    }

    /// <summary>uWSGI's <c>%j</c>: the djb33x hash of the path, its four bytes in memory order as upper-case hex.</summary>
    internal static string Djb33xHex(string path)
    {
        uint hash = 5381;
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            // uWSGI hashes plain (signed) chars, so bytes above 0x7f are sign-extended.
            hash = ((hash << 5) + hash) ^ (uint)(sbyte)b;
        }

        var bytes = new[] { (byte)hash, (byte)(hash >> 8), (byte)(hash >> 16), (byte)(hash >> 24) };
        return Convert.ToHexString(bytes);
    }
}
