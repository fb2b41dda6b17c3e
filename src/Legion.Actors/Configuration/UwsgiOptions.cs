using Legion.Actors.Model;
using Legion.Actors.Protocol;

namespace Legion.Actors.Configuration;

/// <summary>
/// Turns uWSGI legion options into <see cref="LegionOptions"/>, with uWSGI 2.0's option names and value syntax
/// (core/legion.c): <c>legion</c>, <c>legion-mcast</c>, <c>legion-node</c>, <c>legion-quorum</c>,
/// <c>legion-scroll</c>, <c>legion-scroll-max-size</c>, <c>legion-scroll-list-max-size</c>, <c>legion-freq</c>,
/// <c>legion-tolerance</c>, <c>legion-skew-tolerance</c>, <c>legion-death-on-lord-error</c>,
/// <c>legion-setup|join|lord|unlord|death|node-joined|node-left</c>, <c>stats</c>/<c>stats-server</c>,
/// <c>multicast-ttl</c>, <c>multicast-loop</c>, <c>legion-cron</c>/<c>cron-legion</c>/<c>unique-legion-cron</c>/
/// <c>unique-cron-legion</c>, <c>legion-attach-daemon</c>/<c>legion-smart-attach-daemon</c>/
/// <c>legion-smart-attach-daemon2</c>, <c>alarm</c>, <c>alarm-freq</c>, plus this project's <c>legion-action-timeout</c>,
/// <c>legion-signal-handler</c>, <c>legion-max-members</c>, <c>legion-health</c> and the other extensions of the
/// README's "Beyond uWSGI".
/// <para>
/// Entries are applied in order, as uWSGI applies them, after uWSGI's placeholders (<c>$(ENV)</c>,
/// <c>@(FILE)</c>, <c>%(OPTION)</c>) are expanded. Options that name a legion must come after its
/// declaration (alarms may be declared anywhere, as uWSGI reads them after every option). Any other <c>legion</c>-like key is an error (a typo must not pass for an ignored option); any other key
/// is ignored with one warning that names them all.
/// </para>
/// Thread-safe: every call works on its own state.
/// </summary>
public static class UwsgiOptions
{
    /// <summary>Builds options from raw entries.</summary>
    /// <param name="entries">From <see cref="UwsgiCommandLine.Parse"/> or <see cref="UwsgiIniFile"/>; their warnings come first in the result.</param>
    /// <param name="settings">Known action kinds and the environment; null for <see cref="LegionConfigurationSettings.Default"/>.</param>
    /// <returns>The options (not yet checked for "at least one legion": call <see cref="LegionOptions.Validate"/>) and all warnings.</returns>
    /// <exception cref="LegionConfigurationException">
    /// The first malformed or inconsistent entry; the source is its <c>FILE:LINE</c> or <c>--option (argument N)</c>,
    /// the value is shown with any secret masked.
    /// </exception>
    public static LegionConfigurationResult Build(UwsgiEntries entries, LegionConfigurationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        settings ??= LegionConfigurationSettings.Default;
        var builder = new LegionOptionsBuilder(settings, entries.Origin, reportOverrides: false);
        builder.Warnings.AddRange(entries.Warnings);
        Apply(entries.Entries, builder, settings, orderIsMeaningful: true);
        var result = builder.Build();
        return entries.SectionProblems.Count == 0 ? result : result with { Options = result.Options with { SectionProblems = entries.SectionProblems } };
    }

    /// <summary>Reads the command line (<see cref="UwsgiCommandLine.Parse"/>) and builds options from it.</summary>
    /// <param name="args">The process arguments, without the program name.</param>
    /// <param name="settings">Null for <see cref="LegionConfigurationSettings.Default"/>.</param>
    /// <exception cref="LegionConfigurationException">As <see cref="UwsgiCommandLine.Parse"/> and <see cref="Build"/>.</exception>
    public static LegionConfigurationResult FromCommandLine(IReadOnlyList<string> args, LegionConfigurationSettings? settings = null) =>
        Build(UwsgiCommandLine.Parse(args), settings);

    /// <summary>Reads an ini file (<see cref="UwsgiIniFile.Read"/>) and builds options from it.</summary>
    /// <param name="path">The file, optionally <c>FILE:SECTION</c>.</param>
    /// <param name="settings">Null for <see cref="LegionConfigurationSettings.Default"/>.</param>
    /// <exception cref="LegionConfigurationException">As <see cref="UwsgiIniFile.Read"/> and <see cref="Build"/>.</exception>
    public static LegionConfigurationResult FromIniFile(string path, LegionConfigurationSettings? settings = null) =>
        Build(UwsgiIniFile.Read(path), settings);

    /// <summary>Applies entries to a builder; shared with the <c>Uwsgi</c> form of <see cref="LegionConfiguration"/>.</summary>
    internal static void Apply(IReadOnlyList<UwsgiEntry> raw, LegionOptionsBuilder builder, LegionConfigurationSettings settings,
        bool orderIsMeaningful)
    {
        UwsgiEntry? logicBlock = null;
        foreach (var entry in UwsgiPlaceholders.Expand(raw, settings, builder.Warnings))
        {
            if (UwsgiOptionTable.IsLogicOpener(entry.Key) || UwsgiOptionTable.IsLogicCloser(entry.Key))
            {
                logicBlock = UwsgiOptionTable.IsLogicOpener(entry.Key) ? entry : null;
                builder.Ignore(entry.Key);
                continue;
            }

            var isLegionOption = UwsgiOptionTable.IsImplemented(entry.Key) || UwsgiOptionTable.IsUnsupported(entry.Key)
                || UwsgiOptionTable.LooksLikeLegionOption(entry.Key);
            if (isLegionOption && logicBlock is not null)
            {
                throw new LegionConfigurationException(entry.Source,
                    $"{entry.Key} is inside uWSGI configuration logic ('{logicBlock.Key}' at {logicBlock.Source}), which this host does not evaluate",
                    SecretMask.Entry(entry.Key, entry.Value), "legion options outside if-*/for blocks; use $(ENV) placeholders for per-host values");
            }

            try
            {
                ApplyOne(entry, builder, orderIsMeaningful);
            }
            catch (LegionConfigurationException error) when (SecretMask.Leaks(error, builder.KeyMaterial))
            {
                // Key material pasted into another option (legion-node, stats, ...) is shown there unmasked.
                throw SecretMask.Redact(error, builder.KeyMaterial);
            }
        }
    }

    private static void ApplyOne(UwsgiEntry entry, LegionOptionsBuilder builder, bool orderIsMeaningful)
    {
        var (key, value, source) = entry;
        var shown = SecretMask.Entry(key, value);
        if (UwsgiOptionTable.EventOptions.TryGetValue(key, out var legionEvent))
        {
            var (legion, action) = SplitLegionAndRest(entry, shown, "ACTION", builder);
            if (action.Length == 0)
            {
                throw new LegionConfigurationException(source, $"{key} has no action", shown, $"{key} = NAME KIND:ARGUMENT");
            }

            builder.AddAction(legion, legionEvent, action, source, shown);
            return;
        }

        switch (key)
        {
            case "legion":
            case "legion-mcast":
                Declare(entry, shown, builder);
                return;
            case "legion-node":
            {
                var (legion, address) = SplitLegionAndRest(entry, shown, "ADDR", builder);
                builder.AddNode(legion, LegionValues.ParseAddress(address, source, shown, "node address", legion.Address.IsUnix), source, shown);
                return;
            }

            case "legion-quorum":
            {
                var (legion, quorum) = SplitLegionAndRest(entry, shown, "N", builder);
                legion.Quorum = (int)LegionValues.ParseWhole(quorum, source, shown, "quorum", 0, int.MaxValue);
                return;
            }

            case "legion-max-members":
            {
                var (legion, max) = SplitLegionAndRest(entry, shown, "N", builder);
                legion.MaxMembers = (int)LegionValues.ParseWhole(max, source, shown, "max members", 1, LegionValues.MaxMembersLimit);
                return;
            }

            case "legion-version":
            {
                var (legion, version) = SplitLegionAndRest(entry, shown, "VERSION", builder);
                if (!VersionFenceSyntax.IsValid(version))
                {
                    throw new LegionConfigurationException(source, "malformed application version", shown,
                        "'legion-version = NAME VERSION' with VERSION like 2, 2.3 or 2.3.1-rc1 (no spaces, at most 64 characters)");
                }
                legion.Version = version;
                return;
            }

            case "legion-outdated-leave":
            {
                var legion = builder.Find(value.Trim(), key, source, shown);
                legion.LeaveWhenOutdated = true;
                return;
            }

            case "legion-witness":
            {
                var (legion, directory) = SplitLegionAndRest(entry, shown, "DIR", builder);
                if (directory.Length == 0)
                {
                    throw new LegionConfigurationException(source, "empty witness directory", shown, "'legion-witness = NAME DIR' with a shared directory");
                }
                if (!Directory.Exists(directory))
                {
                    builder.Warn($"{source}: the witness directory '{directory}' of legion '{legion.Name}' does not exist (yet); " +
                        "until it does, an isolated node counts its storage as unreachable");
                }
                legion.WitnessDirectory = directory;
                return;
            }

            case "legion-health":
            {
                var (legion, check) = SplitLegionAndRest(entry, shown, "[OPTIONS] CHECK", builder);
                builder.AddHealthCheck(legion, LegionHealthCheckSyntax.Parse(check, source, shown, builder.Warn), shown);
                return;
            }

            case "legion-lord-lease":
            {
                var (legion, lease) = SplitLegionAndRest(entry, shown, "DURATION", builder);
                legion.LordLease = LegionValues.ParseDuration(lease, source, shown, key, allowZero: false);
                return;
            }

            case "legion-secret-next":
            {
                var (legion, secret) = SplitLegionAndRest(entry, shown, "SECRET", builder);
                if (secret.Length == 0)
                {
                    throw new LegionConfigurationException(source, "empty next secret", shown, "'legion-secret-next = NAME SECRET' with a non-empty secret");
                }
                legion.NextSecret = secret;
                return;
            }

            case "legion-scroll":
            {
                var (legion, scroll) = SplitLegionAndRest(entry, shown, "TEXT", builder);
                legion.Scroll = scroll.Length == 0 ? null : scroll;
                legion.ScrollSource = source;
                return;
            }

            case "legion-scroll-max-size":
            {
                var size = (int)LegionValues.ParseWhole(value, source, shown, key, 0, ushort.MaxValue);
                WarnIfAfterLegions(entry, builder, orderIsMeaningful);
                builder.Set(key, size == 0 ? LegionOptions.DefaultScrollMaxSize : size, source);
                return;
            }

            case "legion-scroll-list-max-size":
            {
                var size = LegionValues.ParseWhole(value, source, shown, key, 0, long.MaxValue);
                WarnIfAfterLegions(entry, builder, orderIsMeaningful);
                builder.Set(key, size == 0 ? LegionOptions.DefaultScrollListMaxSize : size, source);
                return;
            }

            case "legion-freq":
            case "legion-tolerance":
            case "legion-skew-tolerance":
                SetTimer(entry, shown, builder);
                return;
            case "legion-death-on-lord-error":
                builder.Set(key, LegionValues.ParseDuration(value, source, shown, key, allowZero: true), source);
                return;
            case "legion-cron":
            case "cron-legion":
            case "unique-legion-cron":
            case "unique-cron-legion":
            {
                var (legion, cron) = SplitLegionAndRest(entry, shown, "MINUTE HOUR DAY MONTH WEEKDAY COMMAND", builder);
                if (!CronSchedule.TryParse(cron, out var schedule, out var command, out var problem))
                {
                    throw new LegionConfigurationException(source, $"{key}: {problem}", shown,
                        $"{key} = NAME MINUTE HOUR DAY MONTH WEEKDAY COMMAND (-1 any, -N every N)");
                }

                builder.AddCron(legion, new LegionCronJob(schedule, command, key.StartsWith("unique-", StringComparison.Ordinal), source));
                return;
            }

            case "legion-attach-daemon":
            {
                var (legion, command) = SplitLegionAndRest(entry, shown, "COMMAND", builder);
                if (command.Trim().Length == 0)
                {
                    throw new LegionConfigurationException(source, $"{key} has no command", shown, $"{key} = NAME COMMAND");
                }

                builder.AddDaemon(legion, new LegionDaemonSpec(command, Source: source));
                return;
            }

            case "legion-smart-attach-daemon":
            case "legion-smart-attach-daemon2":
            {
                var (legion, rest) = SplitLegionAndRest(entry, shown, "PIDFILE COMMAND", builder);
                builder.AddDaemon(legion, ParseSmartDaemon(key, rest, source, shown));
                return;
            }

            case "alarm":
            {
                var space = value.IndexOf(' ');
                var colon = space < 0 ? -1 : value.IndexOf(':', space + 1);
                if (space <= 0 || colon < 0)
                {
                    throw new LegionConfigurationException(source, "alarm needs NAME KIND:ARGUMENT", shown,
                        $"alarm = NAME KIND:ARGUMENT with KIND one of {string.Join(", ", LegionActionKinds.AlarmKinds)}");
                }

                builder.AddAlarm(new LegionAlarmSpec(value[..space], value[(space + 1)..colon], value[(colon + 1)..], source), shown);
                return;
            }

            case "alarm-freq":
                builder.Set(key, LegionValues.ParseDuration(value, source, shown, key, allowZero: true), source);
                return;
            case "legion-signal-handler":
            {
                var space = value.IndexOf(' ');
                if (space <= 0)
                {
                    throw new LegionConfigurationException(source, $"{key} needs N ACTION", shown, $"{key} = N KIND:ARGUMENT");
                }

                var signal = (int)LegionValues.ParseWhole(value[..space], source, shown, "signal", 0, 255);
                builder.AddSignalHandler(signal, value[(space + 1)..], source, shown);
                return;
            }

            case "legion-action-timeout":
                builder.Set(key, LegionValues.ParseDuration(value, source, shown, key, allowZero: false), source);
                return;
            case "stats":
            case "stats-server":
            {
                var address = LegionValues.ParseAddress(value, source, shown, "stats address", allowUnix: false, tcp: true);
                builder.Set("stats", address.ToString(), source);
                return;
            }

            case "multicast-ttl":
                builder.Set(key, (int)LegionValues.ParseWhole(value, source, shown, key, 0, 255), source);
                return;
            case "multicast-loop":
                builder.Set(key, LegionValues.ParseWhole(value, source, shown, key, 0, int.MaxValue) != 0, source);
                return;
        }

        if (UwsgiOptionTable.IsUnsupported(key))
        {
            builder.AddUnsupported(entry);
        }
        else if (UwsgiOptionTable.LooksLikeLegionOption(key))
        {
            throw new LegionConfigurationException(source, $"unknown legion option '{key}'", shown,
                $"one of {string.Join(", ", UwsgiOptionTable.Implemented.Concat(UwsgiOptionTable.Unsupported))}");
        }
        else
        {
            builder.Ignore(key);
        }
    }

    private static void Declare(UwsgiEntry entry, string shown, LegionOptionsBuilder builder)
    {
        var (key, value, source) = entry;
        if (!LegionDeclarationSyntax.TrySplit(value, out var fields, out var problem))
        {
            throw new LegionConfigurationException(source, $"{key}: {problem}", shown, LegionDeclarationSyntax.Expected);
        }

        var multicastShortcut = key == "legion-mcast";
        var name = LegionValues.ParseName(fields.Name, source, shown);
        var address = LegionValues.ParseAddress(fields.Address, source, shown, "address", allowUnix: !multicastShortcut);
        var valor = LegionValues.ParseValor(fields.Valor, source, shown);
        var cipher = LegionValues.ParseCipher(fields.Cipher, source, shown);
        if (fields.Secret.Length == 0)
        {
            throw new LegionConfigurationException(source, "the secret is empty", shown,
                "CIPHER:SECRET with a non-empty SECRET (uWSGI 2.0 would silently use an all-zero key)");
        }

        builder.DeclareLegion(name, address, valor, cipher, fields.Secret, fields.Iv, multicastShortcut, source, shown);
        WarnIfTheIvTokenCutTheSecret(name, cipher, fields.Secret, fields.Iv, source, builder);
    }

    /// <summary>
    /// <c>CIPHER:TOP SECRET</c> is the key "TOP" and the IV token "SECRET" to uWSGI 2.0 (the secret ends at the first
    /// space), which runs it without a word. Refusing would break configurations uWSGI runs, so a short key with an IV
    /// token is warned about loudly; neither the secret nor the IV is shown.
    /// </summary>
    private static void WarnIfTheIvTokenCutTheSecret(string name, string cipher, string secret, string? iv, string source, LegionOptionsBuilder builder)
    {
        var spec = LegionCipher.Table.FirstOrDefault(c => c.Name == cipher);
        if (iv is null || spec is null)
        {
            return;
        }
        int used = LegionCipher.KeyBytesFrom(secret, spec.KeySize);
        if (used < spec.KeySize)
        {
            builder.Warnings.Add($"{source}: WEAK KEY: the secret of legion '{name}' ends at the first space, and the text after it is " +
                $"uWSGI's IV token, not part of the key: the key gets {used} of the {spec.KeySize} key bytes of {cipher} (the rest are zeros). " +
                $"A secret cannot hold a space; if the IV token is meant, use a secret of at least {spec.KeySize} bytes");
        }
    }

    private static LegionDaemonSpec ParseSmartDaemon(string key, string rest, string source, string shown)
    {
        // uWSGI: PIDFILE[,FREQ] ends at the first space; the command is the rest.
        var space = rest.IndexOf(' ');
        var expected = $"{key} = NAME PIDFILE[,CHECKS] COMMAND";
        if (space <= 0 || rest[(space + 1)..].Trim().Length == 0)
        {
            throw new LegionConfigurationException(source, $"{key} needs a pid file and a command", shown, expected);
        }

        var pidFile = rest[..space];
        var checks = LegionDaemonSpec.DefaultPidFileChecks;
        var comma = pidFile.IndexOf(',');
        if (comma >= 0)
        {
            checks = (int)LegionValues.ParseWhole(pidFile[(comma + 1)..], source, shown, "pid file checks", 1, int.MaxValue);
            pidFile = pidFile[..comma];
        }

        if (pidFile.Length == 0)
        {
            throw new LegionConfigurationException(source, $"{key} has an empty pid file", shown, expected);
        }

        return new LegionDaemonSpec(rest[(space + 1)..], pidFile, checks, key.EndsWith('2'), source);
    }

    private static void SetTimer(UwsgiEntry entry, string shown, LegionOptionsBuilder builder)
    {
        var (key, value, source) = entry;
        var duration = LegionValues.ParseDuration(value, source, shown, key, allowZero: true);
        if (duration == TimeSpan.Zero)
        {
            // uWSGI 2.0 keeps 0 as "unset" and substitutes its default when the legion loop starts.
            builder.Warnings.Add($"{source}: {key} 0 means the default in uWSGI 2.0; the default is used");
            return;
        }

        if (key == "legion-skew-tolerance" && duration < TimeSpan.FromSeconds(1))
        {
            throw new LegionConfigurationException(source, $"{key} {LegionDuration.Format(duration)} is under one second", shown,
                "at least 1s: announce timestamps travel in whole seconds, so a shorter tolerance drops fresh announces");
        }

        builder.Set(key, duration, source);
    }

    private static void WarnIfAfterLegions(UwsgiEntry entry, LegionOptionsBuilder builder, bool orderIsMeaningful)
    {
        if (orderIsMeaningful && builder.HasLegions)
        {
            builder.Warnings.Add($"{entry.Source}: {entry.Key} comes after a legion declaration; it applies to every legion here, " +
                "but uWSGI 2.0 applies it only to legions declared after it");
        }
    }

    /// <summary>Splits <c>NAME REST</c> at the first space and finds the legion, as every per-legion option of uWSGI does.</summary>
    private static (LegionOptionsBuilder.Draft Legion, string Remainder) SplitLegionAndRest(UwsgiEntry entry, string shown, string restName,
        LegionOptionsBuilder builder)
    {
        var space = entry.Value.IndexOf(' ');
        if (space <= 0)
        {
            throw new LegionConfigurationException(entry.Source,
                space == 0 ? $"{entry.Key} starts with a space, so the legion name is empty" : $"{entry.Key} needs NAME {restName}",
                shown, $"{entry.Key} = NAME {restName}");
        }

        var legion = builder.Find(entry.Value[..space], entry.Key, entry.Source, shown);
        return (legion, entry.Value[(space + 1)..]);
    }
}
