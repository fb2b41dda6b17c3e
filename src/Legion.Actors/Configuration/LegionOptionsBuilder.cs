using Legion.Actors.Protocol;
using System.Text;
using Legion.Actors.Model;

namespace Legion.Actors.Configuration;

/// <summary>
/// Accumulates already-parsed values from any front end (uWSGI options, <c>IConfiguration</c>) and checks the
/// rules that span several options: legion names unique, options that name a legion come after it, scrolls fit,
/// tolerance longer than frequency. One builder per parse; not thread-safe.
/// </summary>
internal sealed class LegionOptionsBuilder(LegionConfigurationSettings settings, string origin, bool reportOverrides)
{
    private readonly List<Draft> legions = [];
    private readonly List<string> warnings = [];
    private readonly List<string> ignored = [];
    private readonly List<UwsgiEntry> unsupported = [];
    private readonly List<LegionAlarmSpec> alarms = [];
    private readonly List<LegionSignalHandlerSpec> signalHandlers = [];
    private readonly Dictionary<string, (object Value, string Source)> tunables = new(StringComparer.Ordinal);

    /// <summary>Warnings found so far, in order.</summary>
    public List<string> Warnings => warnings;

    /// <summary>Declares a legion; <paramref name="mcastShortcut"/> is <c>legion-mcast</c>'s "and send to the group too".</summary>
    public void DeclareLegion(string name, NodeAddress address, ushort valor, string cipher, string secret, string? iv,
        bool mcastShortcut, string source, string? shown)
    {
        var existing = legions.Find(l => l.Name == name);
        if (existing is not null)
        {
            throw new LegionConfigurationException(source, $"legion '{name}' is already declared at {existing.Source}", shown,
                "each legion declared once (uWSGI 2.0 would run both and attach every later option naming it to the first)");
        }

        var draft = new Draft(name, address, valor, cipher, secret, iv, address.IsMulticast, source);
        legions.Add(draft);
        WarnAboutUnusedKeyMaterial(draft);
        if (mcastShortcut)
        {
            if (!draft.Multicast)
            {
                warnings.Add($"{source}: legion-mcast address {address} of legion '{name}' is not an IPv4 multicast group " +
                    "(224.0.0.0-239.255.255.255); it is used as a plain unicast address, as uWSGI 2.0 does");
            }

            draft.Nodes.Add((address, source));
        }
    }

    /// <summary>The legion an option names; it must have been declared before that option.</summary>
    public Draft Find(string name, string option, string source, string? shown)
    {
        var draft = legions.Find(l => l.Name == name);
        if (draft is not null)
        {
            return draft;
        }

        var expected = legions.Count == 0
            ? "a 'legion = NAME ADDR VALOR CIPHER:SECRET [IV]' before it (no legion is declared yet)"
            : $"a legion declared before it: {string.Join(", ", legions.Select(l => l.Name))}";
        throw new LegionConfigurationException(source, $"{option} names legion '{name}', which is not declared before it", shown, expected);
    }

    /// <summary>Adds a node that announces go to (<c>legion-node</c>).</summary>
    public void AddNode(Draft legion, NodeAddress node, string source, string? shown)
    {
        if (legion.Address.IsUnix != node.IsUnix)
        {
            throw new LegionConfigurationException(source,
                $"node {node} and legion '{legion.Name}' ({legion.Address}) are not the same kind of socket", shown,
                legion.Address.IsUnix
                    ? "a Unix datagram socket path, as the legion binds one (an extension: uWSGI 2.0 sends only over UDP)"
                    : LegionValues.AddressExpected);
        }

        if (!legion.Address.IsUnix && legion.Address.IsIPv6 != node.IsIPv6)
        {
            throw new LegionConfigurationException(source,
                $"node {node} and legion '{legion.Name}' ({legion.Address}) are not the same IP version", shown,
                legion.Address.IsIPv6 ? "an [IPV6]:PORT node, as the legion binds IPv6" : LegionValues.AddressExpected);
        }

        var duplicate = legion.Nodes.Find(n => n.Address == node);
        if (duplicate.Address is not null)
        {
            warnings.Add($"{source}: node {node} of legion '{legion.Name}' is already listed at {duplicate.Source}; announces go to it twice, as in uWSGI 2.0");
        }

        legion.Nodes.Add((node, source));
    }

    /// <summary>Adds an action; <paramref name="action"/> is <c>KIND:ARGUMENT</c>.</summary>
    public void AddAction(Draft legion, LegionEvent legionEvent, string action, string source, string? shown)
    {
        var kinds = string.Join(", ", settings.ActionKinds);
        var colon = action.IndexOf(':');
        if (colon < 0)
        {
            throw new LegionConfigurationException(source, $"action '{action}' has no KIND: prefix", shown,
                $"KIND:ARGUMENT with KIND one of {kinds} (uWSGI 2.0 refuses an action without ':' too)");
        }

        var kind = action[..colon];
        if (!settings.ActionKinds.Contains(kind, StringComparer.Ordinal))
        {
            throw new LegionConfigurationException(source, $"unknown action kind '{kind}'", shown, $"one of {kinds}");
        }

        var argument = action[(colon + 1)..];
        if (kind == "signal" && LegionValues.CheckActionArgument(kind, argument, []) is { } problem)
        {
            throw new LegionConfigurationException(source, problem, shown, LegionValues.ActionArgumentExpected(kind));
        }

        legion.Actions.Add(new LegionActionSpec(legionEvent, kind, argument, source));
    }

    /// <summary>Adds a Lord-only cron task (<c>legion-cron</c> and its aliases).</summary>
    public void AddCron(Draft legion, LegionCronJob job) => legion.Crons.Add(job);

    /// <summary>Adds a Lord-only daemon (<c>legion-attach-daemon</c> and the smart variants).</summary>
    public void AddDaemon(Draft legion, LegionDaemonSpec daemon)
    {
        var twin = legion.Daemons.Find(d => d.PidFile is not null && d.PidFile == daemon.PidFile);
        if (twin is not null)
        {
            throw new LegionConfigurationException(daemon.Source, $"pid file '{daemon.PidFile}' is already used by the daemon at {twin.Source}",
                daemon.PidFile, "one pid file per smart daemon (two daemons tracked through one pid file would adopt each other)");
        }

        legion.Daemons.Add(daemon);
    }

    /// <summary>Adds a health check (<c>legion-health</c>); labels must be unique within the legion.</summary>
    public void AddHealthCheck(Draft legion, LegionHealthCheckSpec check, string? shown)
    {
        var twin = legion.HealthChecks.Find(c => c.Label == check.Label);
        if (twin is not null)
        {
            throw new LegionConfigurationException(check.Source, $"legion '{legion.Name}' already has a health check labelled '{check.Label}' (at {twin.Source})",
                shown, "one check per label: give one of them name=LABEL");
        }

        legion.HealthChecks.Add(check);
    }

    /// <summary>Declares an alarm (<c>alarm = NAME KIND:ARGUMENT</c>); a second one with the same name is kept but unused, as in uWSGI.</summary>
    public void AddAlarm(LegionAlarmSpec alarm, string? shown)
    {
        if (!settings.AlarmKinds.Contains(alarm.Kind, StringComparer.Ordinal))
        {
            throw new LegionConfigurationException(alarm.Source, $"unknown alarm kind '{alarm.Kind}'", shown,
                $"alarm = NAME KIND:ARGUMENT with KIND one of {string.Join(", ", settings.AlarmKinds)}" +
                (alarm.Kind == "mule" ? " (mule alarms need uWSGI's mules)" : ""));
        }

        if (alarm.Kind == "signal" && LegionValues.CheckActionArgument("signal", alarm.Argument, []) is { } problem)
        {
            throw new LegionConfigurationException(alarm.Source, problem, shown, "alarm = NAME signal:N with N a whole number 0..255");
        }

        if (alarm.Kind == "cmd" && alarm.Argument.Length == 0)
        {
            throw new LegionConfigurationException(alarm.Source, $"alarm '{alarm.Name}' has an empty command", shown, "alarm = NAME cmd:COMMAND");
        }

        var first = alarms.Find(a => a.Name == alarm.Name);
        if (first is not null)
        {
            warnings.Add($"{alarm.Source}: alarm '{alarm.Name}' is already declared at {first.Source}; only that first one is raised, as in uWSGI 2.0");
        }

        alarms.Add(alarm);
    }

    /// <summary>Adds a signal handler (<c>legion-signal-handler = N KIND:ARGUMENT</c>).</summary>
    public void AddSignalHandler(int signal, string action, string source, string? shown)
    {
        var colon = action.IndexOf(':');
        var kind = colon < 0 ? action : action[..colon];
        if (colon < 0 || kind == "signal" || !settings.ActionKinds.Contains(kind, StringComparer.Ordinal))
        {
            throw new LegionConfigurationException(source,
                colon < 0 ? $"handler '{action}' has no KIND: prefix" : kind == "signal" ? "a signal handler may not raise a signal (it could loop)" : $"unknown action kind '{kind}'",
                shown, $"legion-signal-handler = N KIND:ARGUMENT with KIND one of {string.Join(", ", settings.ActionKinds.Where(k => k != "signal"))}");
        }

        signalHandlers.Add(new LegionSignalHandlerSpec(signal, kind, action[(colon + 1)..], source));
    }

    /// <summary>Sets a process-wide value (<c>legion-freq</c>, <c>stats</c>, ...); the last one wins, as in uWSGI.</summary>
    public void Set(string option, object value, string source)
    {
        if (reportOverrides && tunables.TryGetValue(option, out var previous))
        {
            warnings.Add($"{source}: {option} overrides the value set at {previous.Source}");
        }

        tunables[option] = (value, source);
    }

    /// <summary>
    /// The secrets, next secrets and IVs declared so far (those of at least <see cref="SecretMask.MinimumRedactedLength"/>
    /// characters), so that an error about another option never shows them.
    /// </summary>
    public IReadOnlyList<string> KeyMaterial =>
        legions.SelectMany(l => new[] { l.Secret, l.Iv, l.NextSecret }).OfType<string>()
            .Where(s => s.Length >= SecretMask.MinimumRedactedLength).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>True when any legion has been declared (for order-dependent warnings).</summary>
    public bool HasLegions => legions.Count > 0;

    /// <summary>Records an option that is recognised but not implemented yet.</summary>
    public void AddUnsupported(UwsgiEntry entry) => unsupported.Add(entry);

    /// <summary>Adds a warning line to the result.</summary>
    public void Warn(string warning) => warnings.Add(warning);

    /// <summary>Records a non-legion option that is ignored; reported once with all others.</summary>
    public void Ignore(string key)
    {
        if (!ignored.Contains(key))
        {
            ignored.Add(key);
        }
    }

    /// <summary>Checks the rules that span options and returns the result.</summary>
    public LegionConfigurationResult Build()
    {
        var scrollMax = Get("legion-scroll-max-size", LegionOptions.DefaultScrollMaxSize);
        foreach (var legion in legions.Where(l => l.Scroll is not null))
        {
            var bytes = Encoding.UTF8.GetByteCount(legion.Scroll!);
            if (bytes > scrollMax)
            {
                throw new LegionConfigurationException(legion.ScrollSource!, $"scroll of legion '{legion.Name}' is {bytes} bytes, over legion-scroll-max-size",
                    $"{bytes} bytes", $"at most {scrollMax} bytes (raise legion-scroll-max-size, up to 65535)");
            }
        }

        var scrollListMax = Get("legion-scroll-list-max-size", LegionOptions.DefaultScrollListMaxSize);
        foreach (var legion in legions.Where(l => l.Scroll is not null))
        {
            var bytes = Encoding.UTF8.GetByteCount(legion.Scroll!);
            if (bytes + 2L > scrollListMax)
            {
                throw new LegionConfigurationException(legion.ScrollSource!, $"scroll of legion '{legion.Name}' is {bytes} bytes, which with its 2-byte length does not fit legion-scroll-list-max-size",
                    $"{bytes} bytes", $"at most {scrollListMax - 2} bytes (raise legion-scroll-list-max-size; uWSGI 2.0 would silently stop announcing the scroll)");
            }
        }

        var alarmActions = legions.SelectMany(l => l.Actions).Where(a => a.Kind == "alarm")
            .Select(a => (a.Argument, a.Source, Shown: a.ToString()))
            .Concat(signalHandlers.Where(h => h.Kind == "alarm").Select(h => (h.Argument, h.Source, Shown: h.ToString())));
        foreach (var (argument, source, shown) in alarmActions)
        {
            if (LegionValues.CheckActionArgument("alarm", argument, alarms) is { } problem)
            {
                throw new LegionConfigurationException(source, problem, shown, LegionValues.ActionArgumentExpected("alarm"));
            }
        }

        var frequency = Get("legion-freq", LegionOptions.DefaultFrequency);
        var tolerance = Get("legion-tolerance", LegionOptions.DefaultTolerance);
        if (tolerance <= frequency)
        {
            throw new LegionConfigurationException(SourceOf("legion-tolerance") ?? SourceOf("legion-freq") ?? origin,
                "legion-tolerance is not longer than legion-freq",
                $"legion-tolerance {LegionDuration.Format(tolerance)}, legion-freq {LegionDuration.Format(frequency)}",
                "a tolerance longer than the frequency, ideally at least twice it (or every member expires between two announces)");
        }

        if (tolerance < frequency * 2)
        {
            warnings.Add($"{SourceOf("legion-tolerance") ?? SourceOf("legion-freq") ?? origin}: legion-tolerance {LegionDuration.Format(tolerance)} " +
                $"is less than twice legion-freq {LegionDuration.Format(frequency)}; a single lost announce will expel a member");
        }

        if (unsupported.Count > 0)
        {
            warnings.Add("recognised but not supported yet (kept in LegionOptions.Unsupported, not applied): " +
                string.Join(", ", unsupported.Select(u => $"{u.Key} ({u.Source})")));
        }

        if (ignored.Count > 0)
        {
            warnings.Add($"ignoring non-legion uWSGI options: {string.Join(", ", ignored)}");
        }

        var options = new LegionOptions
        {
            Legions = legions.Select(l => l.ToDefinition()).ToArray(),
            Frequency = frequency,
            Tolerance = tolerance,
            SkewTolerance = Get("legion-skew-tolerance", LegionOptions.DefaultSkewTolerance),
            ActionTimeout = Get("legion-action-timeout", LegionOptions.DefaultActionTimeout),
            DeathOnLordError = Get("legion-death-on-lord-error", TimeSpan.Zero),
            StatsAddress = Get<string?>("stats", null),
            ScrollMaxSize = scrollMax,
            ScrollListMaxSize = scrollListMax,
            MulticastTtl = Get("multicast-ttl", 1),
            MulticastLoop = Get("multicast-loop", true),
            Alarms = alarms.ToArray(),
            AlarmFrequency = Get("alarm-freq", LegionOptions.DefaultAlarmFrequency),
            SignalHandlers = signalHandlers.ToArray(),
            Unsupported = unsupported.ToArray(),
            Origin = origin,
        };
        return new LegionConfigurationResult(options, warnings.ToArray());
    }

    private T Get<T>(string option, T fallback) => tunables.TryGetValue(option, out var v) ? (T)v.Value : fallback;

    private string? SourceOf(string option) => tunables.TryGetValue(option, out var v) ? v.Source : null;

    private void WarnAboutUnusedKeyMaterial(Draft legion)
    {
        // OpenSSL key and IV sizes of the supported ciphers; uWSGI silently ignores bytes past them.
        var spec = LegionCipher.Table.FirstOrDefault(c => c.Name == legion.Cipher);
        var (keyBytes, ivBytes) = spec is null ? (int.MaxValue, int.MaxValue) : (spec.KeySize, spec.IvSize);
        if (LegionCipher.IsAuthenticated(legion.Cipher) && legion.Iv is not null)
        {
            warnings.Add($"{legion.Source}: legion '{legion.Name}' uses the authenticated cipher {legion.Cipher}, which ignores the IV token " +
                "(every datagram gets a random nonce)");
        }

        int secretBytes = Encoding.UTF8.GetByteCount(legion.Secret);
        if (spec is not null && legion.Secret.IndexOf('\0', StringComparison.Ordinal) > 0)
        {
            // uWSGI's key is a C string: it ends at the NUL. (A NUL first is an error: see LegionOptions.Validate.)
            warnings.Add($"{legion.Source}: the secret of legion '{legion.Name}' holds a NUL byte, where uWSGI 2.0's key ends: " +
                $"it gives only {LegionCipher.KeyBytesFrom(legion.Secret, keyBytes)} of the {keyBytes} key bytes of {legion.Cipher}, the rest are zeros");
        }

        if (secretBytes > keyBytes)
        {
            warnings.Add($"{legion.Source}: the secret of legion '{legion.Name}' is longer than the {keyBytes}-byte key of {legion.Cipher}; " +
                "only its first bytes are used, as in uWSGI 2.0");
        }

        if (legion.Iv is not null && Encoding.UTF8.GetByteCount(legion.Iv) > ivBytes)
        {
            warnings.Add($"{legion.Source}: the IV of legion '{legion.Name}' is longer than the {ivBytes}-byte IV of {legion.Cipher}; " +
                "only its first bytes are used, as in uWSGI 2.0");
        }
    }

    /// <summary>A legion being assembled.</summary>
    internal sealed class Draft(string name, NodeAddress address, ushort valor, string cipher, string secret, string? iv,
        bool multicast, string source)
    {
        public string Name { get; } = name;

        public NodeAddress Address { get; } = address;

        public string Cipher { get; } = cipher;

        public string Secret { get; } = secret;

        public string? Iv { get; } = iv;

        public bool Multicast { get; } = multicast;

        public string Source { get; } = source;

        public List<(NodeAddress Address, string Source)> Nodes { get; } = [];

        public List<LegionActionSpec> Actions { get; } = [];

        public List<LegionCronJob> Crons { get; } = [];

        public List<LegionDaemonSpec> Daemons { get; } = [];

        public List<LegionHealthCheckSpec> HealthChecks { get; } = [];

        public int Quorum { get; set; }

        public int MaxMembers { get; set; } = LegionDefinition.DefaultMaxMembers;

        public string? Scroll { get; set; }

        public string? ScrollSource { get; set; }

        public string? NextSecret { get; set; }

        public TimeSpan? LordLease { get; set; }

        public string? Version { get; set; }

        public bool LeaveWhenOutdated { get; set; }

        public string? WitnessDirectory { get; set; }

        public LegionDefinition ToDefinition() => new()
        {
            Name = Name,
            Address = Address,
            Valor = valor,
            Cipher = Cipher,
            Secret = Secret,
            Iv = Iv,
            Multicast = Multicast,
            Nodes = Nodes.Select(n => n.Address).ToArray(),
            Quorum = Quorum,
            MaxMembers = MaxMembers,
            Scroll = Scroll,
            NextSecret = NextSecret,
            LordLease = LordLease,
            Version = Version,
            LeaveWhenOutdated = LeaveWhenOutdated,
            WitnessDirectory = WitnessDirectory,
            Actions = Actions.ToArray(),
            Crons = Crons.ToArray(),
            Daemons = Daemons.ToArray(),
            HealthChecks = HealthChecks.ToArray(),
            Source = Source,
        };
    }
}
