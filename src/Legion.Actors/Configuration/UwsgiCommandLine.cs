namespace Legion.Actors.Configuration;

/// <summary>
/// Reads uWSGI-style command-line arguments into raw entries, the way uWSGI 2.0 reads its own
/// (getopt_long in core/init.c, <c>uwsgi_commandline_config</c>):
/// <list type="bullet">
/// <item><c>--opt value</c> and <c>--opt=value</c>; options repeat and keep their order.</item>
/// <item><c>--ini FILE[:SECTION]</c> reads that file's section in place, so its entries sit between the
/// options around it; a bare argument ending in <c>.ini</c> is read the same way (uWSGI loads bare
/// arguments by extension). <c>--</c> ends the options.</item>
/// <item>Every legion option needs a value. Unlike getopt, the next argument is not taken as the value when
/// it starts with <c>--</c>: <c>--legion --legion-node ...</c> is an error naming <c>--legion</c>. Write
/// <c>--opt=--value</c> for a value that really starts with <c>--</c>.</item>
/// <item>A short list of common uWSGI options (<c>--master</c>, <c>--socket</c>, <c>--processes</c>, ...;
/// see the project docs) is accepted and ignored with one warning, so a drop-in can keep its command line.
/// Any other option is an error. getopt's unambiguous abbreviations (<c>--legion-fr</c>) are not accepted.</item>
/// </list>
/// Thread-safe: every call works on its own state.
/// </summary>
public static class UwsgiCommandLine
{
    /// <summary>The origin of command-line results, used by messages about the whole input.</summary>
    public const string Origin = "the command line";

    /// <summary>Reads the arguments (without the program name).</summary>
    /// <param name="args">The arguments as the process received them.</param>
    /// <returns>Entries in application order, sources <c>--KEY (argument N)</c> (N counts from 1) or <c>FILE:LINE</c>.</returns>
    /// <exception cref="LegionConfigurationException">
    /// An unknown option, a missing value, an unexpected bare argument, or an ini file that cannot be read.
    /// </exception>
    public static UwsgiEntries Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var reader = new UwsgiConfigReader();
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] ?? throw new ArgumentException("arguments must not be null", nameof(args));
            var position = i + 1;
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                AddBareArgument(reader, arg, position);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            string key;
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = arg.IndexOf('=');
                key = equals < 0 ? arg[2..] : arg[2..equals];
                inlineValue = equals < 0 ? null : arg[(equals + 1)..];
            }
            else
            {
                // -M, -p 4, -p4: getopt's short options, only for the aliases uWSGI defines.
                if (!UwsgiOptionTable.ShortAliases.TryGetValue(arg[1], out key!))
                {
                    throw new LegionConfigurationException($"{arg} (argument {position})", "unknown short option", arg,
                        $"one of -{string.Join(", -", UwsgiOptionTable.ShortAliases.Keys.Order())} or a --long option");
                }

                inlineValue = arg.Length > 2 ? arg[2..] : null;
            }

            var source = $"--{key} (argument {position})";
            if (!UwsgiOptionTable.TryGetCommandLineArity(key, out var arity))
            {
                // The value may be a legion declaration under a misspelt name, so it is masked like one.
                var shown = inlineValue is null ? $"--{key}" : $"--{key}={SecretMask.LegionValue(inlineValue)}";
                throw new LegionConfigurationException(source, $"unknown option '--{key}'", shown,
                    UwsgiOptionTable.LooksLikeLegionOption(key)
                        ? $"a legion option: --{string.Join(", --", UwsgiOptionTable.Implemented.Concat(UwsgiOptionTable.Unsupported))}"
                        : "a legion option (--legion, --legion-node, ...) or one of the common uWSGI options this host ignores (--master, --socket, --processes, ...)");
            }

            var value = inlineValue;
            if (value is null && arity == UwsgiArity.Required)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new LegionConfigurationException(source, $"option '--{key}' needs a value", null,
                        $"--{key} VALUE or --{key}=VALUE");
                }

                value = args[++i];
            }

            reader.Add(new UwsgiEntry(key, value ?? "", source));
        }

        return reader.Finish(Origin);
    }

    private static void AddBareArgument(UwsgiConfigReader reader, string arg, int position)
    {
        if (arg.EndsWith(".ini", StringComparison.Ordinal) || arg.Contains(".ini:", StringComparison.Ordinal))
        {
            reader.LoadFile(arg, $"{arg} (argument {position})");
            return;
        }

        throw new LegionConfigurationException($"{arg} (argument {position})", "unexpected argument", arg,
            "options (--legion ...) or an ini file name ending in .ini");
    }
}
