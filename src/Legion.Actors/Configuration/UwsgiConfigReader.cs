using System.Text;

namespace Legion.Actors.Configuration;

/// <summary>
/// Collects uWSGI entries from the command line and ini files in the order uWSGI 2.0 applies them: an ini file
/// is read in place of the option that names it (<c>--ini</c>, <c>ini =</c>, <c>include =</c> are immediate
/// options in core/uwsgi.c), while <c>inherit =</c> files are appended after everything else (it is a normal
/// option, applied while the configuration is already being applied). One reader per parse; not thread-safe.
/// </summary>
internal sealed class UwsgiConfigReader
{
    private const int MaxDepth = 32;

    private readonly List<UwsgiEntry> entries = [];
    private readonly List<string> warnings = [];
    private readonly List<LegionConfigurationException> sectionProblems = [];
    private readonly Stack<string> reading = new();
    private readonly Queue<(string Spec, string Source)> inherited = new();
    private string? lastFile;
    private UwsgiMagicVariables? firstRound;

    /// <summary>Appends an entry that came from the command line.</summary>
    public void Add(UwsgiEntry entry)
    {
        if (!LoadsFile(entry))
        {
            entries.Add(entry);
        }
    }

    /// <summary>
    /// Reads <c>FILE</c> or <c>FILE:SECTION</c> (<c>:SECTION</c> alone reuses the last file, as uWSGI does)
    /// in place.
    /// </summary>
    /// <param name="spec">What was written after <c>ini</c>.</param>
    /// <param name="source">Where it was written, for errors.</param>
    /// <param name="viaInclude">True for <c>include</c>/<c>inherit</c>, which never set the upper-case magic variables.</param>
    public void LoadFile(string spec, string source, bool viaInclude = false)
    {
        var (path, section) = SplitSpec(spec, source);
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new LegionConfigurationException(source, "ini files over HTTP are not supported", spec, "a local file path");
        }

        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LegionConfigurationException(source, $"cannot read ini file '{path}': {e.Message}", spec,
                "a readable uWSGI ini file");
        }

        LoadText(text, path, spec, section ?? UwsgiIniFile.DefaultSection, section, source, viaInclude);
        CheckSecretsAreNotWorldReadable(path);
    }

    /// <summary>Reads ini text as if it were the file <paramref name="fileName"/>.</summary>
    public void LoadText(string text, string fileName, string asWritten, string section, string? sectionAsked,
        string source, bool viaInclude = false)
    {
        var realPath = RealPath(fileName);

        // Another section of the same file is a different configuration (ini = :SECTION), not a loop.
        var identity = $"{realPath}\0{section}";
        if (reading.Contains(identity))
        {
            throw new LegionConfigurationException(source, $"ini file '{fileName}' includes itself", asWritten,
                "ini files that do not include each other in a loop");
        }

        if (reading.Count >= MaxDepth)
        {
            throw new LegionConfigurationException(source, $"ini files nested more than {MaxDepth} deep", asWritten,
                "fewer nested ini/include options");
        }

        var magic = UwsgiMagicVariables.For(asWritten, realPath, sectionAsked, firstRound);
        if (firstRound is null && !viaInclude)
        {
            firstRound = magic;
        }

        lastFile = fileName;
        reading.Push(identity);
        try
        {
            ParseLines(text, fileName, section, magic);
        }
        finally
        {
            reading.Pop();
        }
    }

    /// <summary>Reads the <c>inherit</c>ed files and returns everything collected.</summary>
    public UwsgiEntries Finish(string origin)
    {
        while (inherited.TryDequeue(out var inherit))
        {
            LoadFile(inherit.Spec, inherit.Source, viaInclude: true);
        }

        return new UwsgiEntries(entries.ToArray(), warnings.ToArray(), origin) { SectionProblems = sectionProblems.ToArray() };
    }

    private void ParseLines(string text, string fileName, string sectionAsked, UwsgiMagicVariables magic)
    {
        var section = "";
        var gotSection = false;
        var sections = new List<string>();
        LegionConfigurationException? brokenHeader = null;
        foreach (var (number, raw, unknownMagic) in Lines(text, magic))
        {
            // uWSGI trims only spaces, tabs and carriage returns (ini.c, ini_lstrip/ini_rstrip).
            var line = raw.Trim(' ', '\t', '\r');
            var where = $"{fileName}:{number}";
            if (line.Length == 0 || line[0] is ';' or '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                // uWSGI drops the last character whatever it is, so "[uwsgi" names the section "uwsg".
                section = line.Length > 1 ? line[1..^1] : "";
                sections.Add($"[{section}]");
                if (line[^1] != ']')
                {
                    warnings.Add($"{where}: section header '{line}' does not end with ']'; read as [{section}] as uWSGI 2.0 does");
                    brokenHeader ??= new LegionConfigurationException(where,
                        $"no legion declared: section header '{line}' does not end with ']', so uWSGI 2.0 reads it as the section [{section}]",
                        null, $"a closed section header such as [{sectionAsked}]");
                }

                continue;
            }

            // No inline comments and no quoting in uWSGI ini: everything after the first '=' is the value, and a
            // line without '=' is an option with an empty value.
            var equals = line.IndexOf('=');
            var key = (equals < 0 ? line : line[..equals]).TrimEnd(' ', '\t', '\r');
            var value = equals < 0 ? "" : line[(equals + 1)..].Trim(' ', '\t', '\r');
            if (section != sectionAsked)
            {
                continue;
            }

            gotSection = true;
            foreach (var letter in unknownMagic)
            {
                warnings.Add(UwsgiMagicVariables.IsUnsupported(letter)
                    ? $"{where}: magic variable '%{letter}' is not supported here and expands to nothing"
                    : $"{where}: '%{letter}' is not a uWSGI magic variable and expands to nothing, as in uWSGI 2.0; write '%%' for a literal '%'");
            }

            var entry = new UwsgiEntry(key, value, where);
            if (!LoadsFile(entry))
            {
                entries.Add(entry);
            }
        }

        if (!gotSection)
        {
            warnings.Add($"{fileName}: no [{sectionAsked}] section; nothing was read from it");
            if (brokenHeader is not null)
            {
                sectionProblems.Add(brokenHeader);
            }
            var found = sections.Count == 0 ? "it has no section at all" : "it has " + string.Join(", ", sections.Distinct(StringComparer.Ordinal));
            sectionProblems.Add(new LegionConfigurationException(fileName, $"no legion declared: the file has no [{sectionAsked}] section ({found})",
                null, $"a [{sectionAsked}] section with a 'legion = NAME ADDR VALOR CIPHER:SECRET [IV]' line, or FILE:SECTION to read another section"));
        }
    }

    /// <summary>Handles the options that read other files; true when the entry was one of them.</summary>
    private bool LoadsFile(UwsgiEntry entry)
    {
        if (UwsgiOptionTable.OtherFormats.Contains(entry.Key)
            || entry.Key == "include" && !entry.Value.EndsWith(".ini", StringComparison.Ordinal)
            || entry.Key == "inherit" && !entry.Value.EndsWith(".ini", StringComparison.Ordinal))
        {
            throw new LegionConfigurationException(entry.Source, $"'{entry.Key}' loads a configuration format this host cannot read",
                entry.Value, "uWSGI ini files only (ini = FILE.ini, include = FILE.ini)");
        }

        switch (entry.Key)
        {
            case "ini":
                LoadFile(entry.Value, entry.Source);
                return true;
            case "include":
                LoadFile(entry.Value, entry.Source, viaInclude: true);
                return true;
            case "inherit":
                inherited.Enqueue((entry.Value, entry.Source));
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Splits the text into lines, expanding magic variables on the way. A <c>%</c> right before a newline eats
    /// it, as uWSGI's substitution runs on the whole file before it is split; the joined line keeps the
    /// number of its first physical line.
    /// </summary>
    private static IEnumerable<(int Number, string Text, List<char> UnknownMagic)> Lines(string text, UwsgiMagicVariables magic)
    {
        var line = new StringBuilder();
        var unknown = new List<char>();
        var number = 1;
        var physical = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 1 < text.Length)
            {
                var letter = text[++i];
                if (letter == '\n')
                {
                    physical++;
                    continue;
                }

                var replacement = magic.Expand(letter, out var known);
                if (!known || UwsgiMagicVariables.IsUnsupported(letter))
                {
                    unknown.Add(letter);
                }

                line.Append(replacement ?? "%(");
                continue;
            }

            if (c == '\n')
            {
                yield return (number, line.ToString(), unknown);
                line.Clear();
                unknown = [];
                number = ++physical;
                continue;
            }

            line.Append(c);
        }

        if (line.Length > 0)
        {
            yield return (number, line.ToString(), unknown);
        }
    }

    /// <summary>
    /// <c>FILE:SECTION</c> splits at the last colon, as ini.c does; a colon followed by a path separator is
    /// part of the path (a Windows drive), not a section.
    /// </summary>
    private (string Path, string? Section) SplitSpec(string spec, string source)
    {
        var colon = spec.LastIndexOf(':');
        if (colon < 0 || spec.AsSpan(colon + 1).IndexOfAny('/', '\\') >= 0)
        {
            return (spec, null);
        }

        var path = spec[..colon];
        var section = colon + 1 < spec.Length ? spec[(colon + 1)..] : null;
        if (path.Length == 0)
        {
            path = lastFile ?? throw new LegionConfigurationException(source,
                "':SECTION' reuses the previous ini file, but none was read before", spec, "FILE or FILE:SECTION");
        }

        return (path, section);
    }

    /// <summary>The path with symbolic links resolved (uWSGI's <c>%p</c> comes from <c>realpath</c>).</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            if (File.Exists(full) && new FileInfo(full).LinkTarget is not null)
            {
                // uWSGI does not resolve a link that is the file itself (config_magic_table_fill).
                return full;
            }

            var root = Path.GetPathRoot(full) ?? "";
            var resolved = root;
            foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                resolved = Path.Combine(resolved, part);
                if (Directory.Exists(resolved)
                    && Directory.ResolveLinkTarget(resolved, returnFinalTarget: true) is { } target)
                {
                    resolved = target.FullName;
                }
            }

            return resolved;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private void CheckSecretsAreNotWorldReadable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(path);
        }
        catch (IOException)
        {
            return;
        }

        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) == 0)
        {
            return;
        }

        var fullPath = Path.GetFullPath(path);
        foreach (var entry in entries)
        {
            if (!SecretMask.CarriesSecret(entry.Key)
                || !entry.Source.StartsWith(path + ":", StringComparison.Ordinal)
                || !HasLiteralSecret(entry.Value))
            {
                continue;
            }

            var octal = Convert.ToString((int)mode & 0x1ff, 8).PadLeft(4, '0');
            warnings.Add($"{entry.Source}: the secret of legion '{entry.Value.Split(' ')[0]}' is in a file readable by group/others " +
                $"(mode {octal}); chmod 600 {fullPath}, or take the secret from $(ENV) or @(FILE)");
        }
    }

    /// <summary>True when the secret field holds key material rather than only a placeholder.</summary>
    private static bool HasLiteralSecret(string value)
    {
        if (!LegionDeclarationSyntax.TrySplit(value, out var fields, out _))
        {
            return false;
        }

        var secret = fields.Secret;
        var isPlaceholderOnly = secret.Length > 3 && secret[0] is '$' or '@' or '%' && secret[1] == '(' && secret[^1] == ')'
            && secret.IndexOf(')') == secret.Length - 1;
        return secret.Length > 0 && !isPlaceholderOnly;
    }
}
