using System.Globalization;
using System.Text;

namespace Legion.Actors.Configuration;

/// <summary>
/// uWSGI 2.0's placeholders, expanded in every option value after all options are collected and before any
/// is applied (core/uwsgi.c, <c>uwsgi_setup</c>): first <c>$(NAME)</c> from the environment, then
/// <c>@(FILE)</c> with a file's content (one trailing newline dropped), then <c>%(OPTION)</c> with the value of
/// the first option of that name (any option, legion or not, including <c>set-ph = NAME=VALUE</c>), where
/// <c>%(a b + 1)</c> is uWSGI's little concatenate-and-arithmetic pipeline. A placeholder that resolves to
/// nothing is kept as written, as uWSGI does (core/utils.c, <c>uwsgi_apply_config_pass</c>).
/// </summary>
internal static class UwsgiPlaceholders
{
    private const int MaxExpansionsPerValue = 64;

    /// <summary>Expands the placeholders of every entry.</summary>
    /// <returns>The entries to apply (the <c>set</c> family replaced by the option they define).</returns>
    public static List<UwsgiEntry> Expand(IReadOnlyList<UwsgiEntry> input, LegionConfigurationSettings settings, List<string> warnings)
    {
        // Every entry takes part in %(...) lookups; placeholder-only ones (set-ph) are not applied.
        var all = new List<(UwsgiEntry Entry, bool Apply)>();
        foreach (var entry in input)
        {
            if (!UwsgiOptionTable.PlaceholderSetters.Contains(entry.Key))
            {
                all.Add((entry, true));
                continue;
            }

            var equals = entry.Value.IndexOf('=');
            if (equals <= 0)
            {
                throw new LegionConfigurationException(entry.Source, $"'{entry.Key}' needs NAME=VALUE", entry.Value,
                    $"{entry.Key} = NAME=VALUE");
            }

            all.Add((new UwsgiEntry(entry.Value[..equals], entry.Value[(equals + 1)..], entry.Source), entry.Key == "set"));
        }

        for (var i = 0; i < all.Count; i++)
        {
            var entry = all[i].Entry;
            var value = ExpandSymbol(entry, entry.Value, '$', settings.GetEnvironmentVariable);
            WarnAboutUnsetVariables(entry, value, warnings);
            all[i] = (entry with { Value = value }, all[i].Apply);
        }

        for (var i = 0; i < all.Count; i++)
        {
            var entry = all[i].Entry;
            all[i] = (entry with { Value = ExpandSymbol(entry, entry.Value, '@', file => ReadFile(entry, file, warnings)) }, all[i].Apply);
        }

        string? Lookup(string key) => all.FirstOrDefault(e => e.Entry.Key == key).Entry?.Value;
        for (var i = 0; i < all.Count; i++)
        {
            var entry = all[i].Entry;
            all[i] = (entry with { Value = ExpandSymbol(entry, entry.Value, '%', key => Pipeline(key, Lookup)) }, all[i].Apply);
        }

        return all.Where(e => e.Apply).Select(e => e.Entry).ToList();
    }

    private static string ExpandSymbol(UwsgiEntry entry, string value, char symbol, Func<string, string?> resolve)
    {
        var expansions = 0;
        for (var j = 0; j + 1 < value.Length; j++)
        {
            if (value[j] != symbol || value[j + 1] != '(')
            {
                continue;
            }

            var close = FindClosingParenthesis(value, j + 2);
            if (close < 0)
            {
                break;
            }

            var name = value[(j + 2)..close];
            var replacement = name.Length == 0 ? null : resolve(name);
            if (replacement is null)
            {
                j = close;
                continue;
            }

            if (++expansions > MaxExpansionsPerValue)
            {
                throw new LegionConfigurationException(entry.Source, "placeholders keep expanding into more placeholders",
                    SecretMask.Entry(entry.Key, entry.Value), "placeholders that do not refer to themselves");
            }

            value = string.Concat(value.AsSpan(0, j), replacement, value.AsSpan(close + 1));

            // uWSGI rescans the whole value after each replacement, so a value can expand into placeholders.
            j = -1;
        }

        return value;
    }

    private static int FindClosingParenthesis(string value, int start)
    {
        var depth = 0;
        for (var k = start; k < value.Length; k++)
        {
            if (value[k] == '(')
            {
                depth++;
            }
            else if (value[k] == ')')
            {
                if (depth == 0)
                {
                    return k;
                }

                depth--;
            }
        }

        return -1;
    }

    private static void WarnAboutUnsetVariables(UwsgiEntry entry, string value, List<string> warnings)
    {
        if (!UwsgiOptionTable.LooksLikeLegionOption(entry.Key) && entry.Key is not ("stats" or "stats-server"))
        {
            return;
        }

        var secret = SecretField(entry.Key, value);
        for (var start = value.IndexOf("$(", StringComparison.Ordinal); start >= 0; start = value.IndexOf("$(", start + 2, StringComparison.Ordinal))
        {
            var close = FindClosingParenthesis(value, start + 2);
            if (close > start + 2)
            {
                var variable = value[(start + 2)..close];
                var placeholder = value[start..(close + 1)];
                if (secret is not null && secret.Contains(placeholder, StringComparison.Ordinal))
                {
                    // uWSGI keeps the text as written, which makes the secret a text anyone who reads the configuration knows.
                    throw new LegionConfigurationException(entry.Source,
                        $"environment variable {variable} is not set, so the secret would be the text '{placeholder}' as written (uWSGI 2.0 would use it)",
                        SecretMask.Entry(entry.Key, value), $"{variable} set in the environment, or the secret written in place or read with @(FILE)");
                }
                warnings.Add($"{entry.Source}: environment variable {variable} is not set; '{placeholder}' is kept as written, as uWSGI 2.0 does");
            }
        }
    }

    /// <summary>The secret field of a <c>legion</c>, <c>legion-mcast</c> or <c>legion-secret-next</c> value; null for other keys.</summary>
    private static string? SecretField(string key, string value)
    {
        if (key == "legion-secret-next")
        {
            var space = value.IndexOf(' ');
            return space < 0 ? null : value[(space + 1)..];
        }
        return SecretMask.CarriesSecret(key) && LegionDeclarationSyntax.TrySplit(value, out var fields, out _) ? fields.Secret : null;
    }

    private static string? ReadFile(UwsgiEntry entry, string path, List<string> warnings)
    {
        string content;
        try
        {
            content = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // uWSGI exits here; this host only cares when the value can reach a legion option.
            if (!MayFeedLegionOption(entry.Key))
            {
                return null;
            }

            throw new LegionConfigurationException(entry.Source, $"cannot read '{path}' for @({path}): {e.Message}",
                $"@({path})", "a readable file");
        }

        if (SecretMask.CarriesSecret(entry.Key) && !OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            warnings.Add($"{entry.Source}: @({path}) feeds a legion declaration but is readable by group/others; chmod 600 {Path.GetFullPath(path)}");
        }

        // uWSGI drops exactly one trailing newline or carriage return (uwsgi.c, uwsgi_at_file_read).
        return content.Length > 0 && content[^1] is '\n' or '\r' ? content[..^1] : content;
    }

    /// <summary>
    /// True for legion options, and for every key that is not a known non-legion uWSGI option, because any
    /// option can be a placeholder another option uses.
    /// </summary>
    private static bool MayFeedLegionOption(string key) =>
        UwsgiOptionTable.IsImplemented(key) || UwsgiOptionTable.IsUnsupported(key) || UwsgiOptionTable.LooksLikeLegionOption(key)
        || !UwsgiOptionTable.IgnoredOnCommandLine.ContainsKey(key);

    /// <summary>uWSGI's <c>%(...)</c> pipeline (config.c, <c>uwsgi_manage_placeholder</c>).</summary>
    private static string? Pipeline(string expression, Func<string, string?> lookup)
    {
        if (!expression.Contains(' '))
        {
            return lookup(expression);
        }

        string? current = null;
        var operation = '\0';
        foreach (var token in expression.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token is "+" or "-" or "*" or "/")
            {
                operation = token[0];
                continue;
            }

            if (token is "++" or "--")
            {
                if (current is not null)
                {
                    current = Format(LeadingInteger(current) + (token == "++" ? 1 : -1));
                }

                operation = '\0';
                continue;
            }

            var value = token.All(char.IsAsciiDigit) ? token : lookup(token) ?? "";
            long a = LeadingInteger(current ?? ""), b = LeadingInteger(value);
            current = operation switch
            {
                '+' => Format(a + b),
                '-' => Format(a - b),
                '*' => Format(a * b),
                '/' => Format(b == 0 ? 0 : a / b),
                _ => (current ?? "") + value,
            };
            operation = '\0';
        }

        return current;
    }

    /// <summary>C's <c>strtoll(text, NULL, 10)</c>: the leading integer, 0 when there is none.</summary>
    private static long LeadingInteger(string text)
    {
        var s = text.AsSpan().TrimStart();
        var length = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
        while (length < s.Length && char.IsAsciiDigit(s[length]))
        {
            length++;
        }

        return long.TryParse(s[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static string Format(long n) => n.ToString(CultureInfo.InvariantCulture);
}
