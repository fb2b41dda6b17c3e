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

        legion.Actions.Add(new LegionActionSpec(legionEvent, kind, action[(colon + 1)..], source));
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
    /// The secrets and IVs declared so far (those of at least <see cref="SecretMask.MinimumRedactedLength"/>
    /// characters), so that an error about another option never shows them.
    /// </summary>
    public IReadOnlyList<string> KeyMaterial =>
        legions.SelectMany(l => new[] { l.Secret, l.Iv }).OfType<string>()
            .Where(s => s.Length >= SecretMask.MinimumRedactedLength).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>True when any legion has been declared (for order-dependent warnings).</summary>
    public bool HasLegions => legions.Count > 0;

    /// <summary>Records an option that is recognised but not implemented yet.</summary>
    public void AddUnsupported(UwsgiEntry entry) => unsupported.Add(entry);

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
            ScrollListMaxSize = Get("legion-scroll-list-max-size", LegionOptions.DefaultScrollListMaxSize),
            MulticastTtl = Get("multicast-ttl", 1),
            MulticastLoop = Get("multicast-loop", true),
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
        var (keyBytes, ivBytes) = legion.Cipher switch
        {
            "aes-128-cbc" => (16, 16),
            "aes-192-cbc" => (24, 16),
            "aes-256-cbc" => (32, 16),
            "bf-cbc" => (16, 8),
            _ => (int.MaxValue, int.MaxValue),
        };
        if (Encoding.UTF8.GetByteCount(legion.Secret) > keyBytes)
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

        public int Quorum { get; set; }

        public int MaxMembers { get; set; } = LegionDefinition.DefaultMaxMembers;

        public string? Scroll { get; set; }

        public string? ScrollSource { get; set; }

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
            Actions = Actions.ToArray(),
            Source = Source,
        };
    }
}
