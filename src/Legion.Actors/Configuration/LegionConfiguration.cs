using System.Globalization;
using Legion.Actors.Model;
using Microsoft.Extensions.Configuration;

namespace Legion.Actors.Configuration;

/// <summary>
/// Reads <see cref="LegionOptions"/> from Microsoft.Extensions.Configuration (appsettings.json, environment
/// variables, ...). A section holds any of:
/// <code>
/// "Legion": {
///   "Frequency": "1s", "Tolerance": "3s", "SkewTolerance": "30s", "ActionTimeout": "60s",
///   "DeathOnLordError": "0", "Stats": "127.0.0.1:9191", "ScrollMaxSize": 4096, "ScrollListMaxSize": 32768,
///   "MulticastTtl": 1, "MulticastLoop": true,
///   "Legions": [ { "Name": "web", "Address": "127.0.0.1:2000", "Valor": 90, "Cipher": "aes-128-cbc",
///                  "Secret": "...", "Iv": null, "NextSecret": null, "Multicast": false, "Nodes": [ "127.0.0.1:2001" ],
///                  "Quorum": 2, "Scroll": "...", "MaxMembers": 1024,
///                  "HealthChecks": [ "interval=2s penalty=40 tcp:127.0.0.1:5432", "http://127.0.0.1:8080/health" ],
///                  "Actions": { "Lord": [ "log:I am the Lord" ], "NodeJoined": [ "..." ] } } ],
///   "Uwsgi": { "legion": [ "web2 127.0.0.1:3000 90 aes-128-cbc:..." ], "legion-node": [ "web2 127.0.0.1:3001" ] }
/// }
/// </code>
/// Every value is checked exactly as its uWSGI counterpart (<see cref="UwsgiOptions"/>); errors name the
/// configuration path (<c>Legion:Legions:0:Valor</c>). Keys are case-insensitive; an unknown key is an error,
/// so a misspelt setting never falls back to a default unnoticed. Durations take <see cref="LegionDuration"/>'s
/// syntax (a bare number is seconds). <c>Multicast: true</c> is <c>legion-mcast</c>: the group address is also
/// added to the nodes. Actions take <c>Setup</c>, <c>Join</c>, <c>Lord</c>, <c>Unlord</c>, <c>Death</c>,
/// <c>NodeJoined</c>, <c>NodeLeft</c> (or uWSGI's <c>node-joined</c> spelling), each a list of <c>KIND:ARGUMENT</c>.
/// <c>HealthChecks</c> is a list in the form of <c>legion-health</c> after the legion name (<c>[OPTIONS] CHECK</c>).
/// The <c>Uwsgi</c> object takes uWSGI option names with a string or a list of strings each (it is the way to set
/// Lord-only cron tasks and daemons, alarms and signal handlers here: <c>"legion-cron": ["web -1 -1 -1 -1 -1 cmd"]</c>); its
/// <c>ini</c>/<c>include</c> files are read first, then its declarations, then its other options, because
/// configuration keys carry no order; and
/// non-legion keys there are ignored with a warning, as in an ini file. Structured <c>Legions</c> are declared
/// before the <c>Uwsgi</c> form, so its options may name them. Thread-safe: every call works on its own state.
/// </summary>
public static class LegionConfiguration
{
    private static readonly string[] TopLevelKeys =
    [
        "Frequency", "Tolerance", "SkewTolerance", "ActionTimeout", "DeathOnLordError", "Stats", "ScrollMaxSize",
        "ScrollListMaxSize", "MulticastTtl", "MulticastLoop", "Legions", "Uwsgi",
    ];

    private static readonly string[] LegionKeys =
        [
            "Name", "Address", "Valor", "Cipher", "Secret", "Iv", "NextSecret", "LordLease", "Multicast", "Nodes", "Quorum", "Scroll", "Actions",
            "MaxMembers", "HealthChecks",
        ];

    /// <summary>Reads the options from a configuration section (or a whole configuration).</summary>
    /// <param name="configuration">Typically <c>configuration.GetSection("Legion")</c>.</param>
    /// <param name="settings">Known action kinds and the environment; null for <see cref="LegionConfigurationSettings.Default"/>.</param>
    /// <returns>The options (call <see cref="LegionOptions.Validate"/> before running) and the warnings.</returns>
    /// <exception cref="LegionConfigurationException">
    /// The first bad value; the source is its configuration path, the value is shown unless it is a secret.
    /// </exception>
    public static LegionConfigurationResult FromConfiguration(IConfiguration configuration, LegionConfigurationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        settings ??= LegionConfigurationSettings.Default;
        var origin = configuration is IConfigurationSection { Path.Length: > 0 } section ? section.Path : "configuration";
        var builder = new LegionOptionsBuilder(settings, origin, reportOverrides: true);

        IConfigurationSection? legions = null, uwsgi = null;
        foreach (var child in configuration.GetChildren())
        {
            var key = Known(child, TopLevelKeys, "a legion setting");
            switch (key)
            {
                case "Legions":
                    legions = child;
                    break;
                case "Uwsgi":
                    uwsgi = child;
                    break;
                default:
                    SetTunable(key, child, builder);
                    break;
            }
        }

        if (legions is not null)
        {
            foreach (var item in Items(legions))
            {
                DeclareLegion(item, builder);
            }
        }

        if (uwsgi is not null)
        {
            // Through the reader, so that ini/include in this form read their files as they would in an ini.
            var reader = new UwsgiConfigReader();
            foreach (var entry in UwsgiEntries(uwsgi))
            {
                reader.Add(entry);
            }

            var collected = reader.Finish(uwsgi.Path);
            builder.Warnings.AddRange(collected.Warnings);
            UwsgiOptions.Apply(collected.Entries, builder, settings, orderIsMeaningful: false);
        }

        return builder.Build();
    }

    private static void SetTunable(string key, IConfigurationSection child, LegionOptionsBuilder builder)
    {
        var text = Scalar(child);
        var path = child.Path;
        switch (key)
        {
            case "Frequency":
                builder.Set("legion-freq", LegionValues.ParseDuration(text, path, text, "frequency", allowZero: false), path);
                break;
            case "Tolerance":
                builder.Set("legion-tolerance", LegionValues.ParseDuration(text, path, text, "tolerance", allowZero: false), path);
                break;
            case "SkewTolerance":
                var skew = LegionValues.ParseDuration(text, path, text, "skew tolerance", allowZero: false);
                if (skew < TimeSpan.FromSeconds(1))
                {
                    throw new LegionConfigurationException(path, "skew tolerance is under one second", text,
                        "at least 1s: announce timestamps travel in whole seconds");
                }

                builder.Set("legion-skew-tolerance", skew, path);
                break;
            case "ActionTimeout":
                builder.Set("legion-action-timeout", LegionValues.ParseDuration(text, path, text, "action timeout", allowZero: false), path);
                break;
            case "DeathOnLordError":
                builder.Set("legion-death-on-lord-error", LegionValues.ParseDuration(text, path, text, "death on lord error", allowZero: true), path);
                break;
            case "Stats":
                builder.Set("stats", LegionValues.ParseAddress(text, path, text, "stats address", allowUnix: false, tcp: true).ToString(), path);
                break;
            case "ScrollMaxSize":
                builder.Set("legion-scroll-max-size", (int)LegionValues.ParseWhole(text, path, text, "scroll max size", 1, ushort.MaxValue), path);
                break;
            case "ScrollListMaxSize":
                builder.Set("legion-scroll-list-max-size", LegionValues.ParseWhole(text, path, text, "scroll list max size", 1, long.MaxValue), path);
                break;
            case "MulticastTtl":
                builder.Set("multicast-ttl", (int)LegionValues.ParseWhole(text, path, text, "multicast TTL", 0, 255), path);
                break;
            case "MulticastLoop":
                builder.Set("multicast-loop", ParseBool(text, path), path);
                break;
        }
    }

    private static void DeclareLegion(IConfigurationSection item, LegionOptionsBuilder builder)
    {
        var fields = new Dictionary<string, IConfigurationSection>(StringComparer.Ordinal);
        foreach (var child in item.GetChildren())
        {
            fields[Known(child, LegionKeys, "a legion field")] = child;
        }

        string Required(string key, bool secret = false)
        {
            if (!fields.TryGetValue(key, out var field) || string.IsNullOrEmpty(field.Value))
            {
                throw new LegionConfigurationException($"{item.Path}:{key}", $"{key} is missing or empty", null,
                    secret ? "the shared secret (key material), non-empty" : $"a {key} for the legion");
            }

            return field.Value;
        }

        string PathOf(string key) => fields.TryGetValue(key, out var f) ? f.Path : $"{item.Path}:{key}";

        var name = LegionValues.ParseName(Required("Name"), PathOf("Name"), Required("Name"));
        var multicast = fields.TryGetValue("Multicast", out var mc) && ParseBool(Scalar(mc), mc.Path);
        var addressText = Required("Address");
        var address = LegionValues.ParseAddress(addressText, PathOf("Address"), addressText, "address", allowUnix: !multicast);
        var valorText = Required("Valor");
        var valor = LegionValues.ParseValor(valorText, PathOf("Valor"), valorText);
        var cipherText = Required("Cipher");
        var cipher = LegionValues.ParseCipher(cipherText, PathOf("Cipher"), cipherText);
        var secret = Required("Secret", secret: true);
        var iv = fields.TryGetValue("Iv", out var ivField) && !string.IsNullOrEmpty(ivField.Value) ? ivField.Value : null;
        builder.DeclareLegion(name, address, valor, cipher, secret, iv, multicast, item.Path, $"legion '{name}'");
        var legion = builder.Find(name, "Legions", item.Path, null);

        if (fields.TryGetValue("Nodes", out var nodes))
        {
            foreach (var node in Items(nodes))
            {
                var text = Scalar(node);
                builder.AddNode(legion, LegionValues.ParseAddress(text, node.Path, text, "node address", legion.Address.IsUnix), node.Path, text);
            }
        }

        if (fields.TryGetValue("LordLease", out var lease) && !string.IsNullOrEmpty(lease.Value))
        {
            legion.LordLease = LegionValues.ParseDuration(lease.Value, lease.Path, lease.Value, "lord lease", allowZero: false);
        }

        if (fields.TryGetValue("Quorum", out var quorum))
        {
            var text = Scalar(quorum);
            legion.Quorum = (int)LegionValues.ParseWhole(text, quorum.Path, text, "quorum", 0, int.MaxValue);
        }

        if (fields.TryGetValue("MaxMembers", out var maxMembers))
        {
            var text = Scalar(maxMembers);
            legion.MaxMembers = (int)LegionValues.ParseWhole(text, maxMembers.Path, text, "max members", 1, LegionValues.MaxMembersLimit);
        }

        if (fields.TryGetValue("NextSecret", out var nextSecret) && !string.IsNullOrEmpty(nextSecret.Value))
        {
            legion.NextSecret = nextSecret.Value;
        }

        if (fields.TryGetValue("Scroll", out var scroll) && !string.IsNullOrEmpty(scroll.Value))
        {
            legion.Scroll = scroll.Value;
            legion.ScrollSource = scroll.Path;
        }

        if (fields.TryGetValue("HealthChecks", out var checks))
        {
            foreach (var check in Items(checks))
            {
                var text = Scalar(check);
                builder.AddHealthCheck(legion, LegionHealthCheckSyntax.Parse(text, check.Path, text, builder.Warn), text);
            }
        }

        if (fields.TryGetValue("Actions", out var actions))
        {
            foreach (var eventSection in actions.GetChildren())
            {
                var legionEvent = ParseEvent(eventSection);
                foreach (var action in Items(eventSection))
                {
                    var text = Scalar(action);
                    builder.AddAction(legion, legionEvent, text, action.Path, text);
                }
            }
        }
    }

    private static LegionEvent ParseEvent(IConfigurationSection section)
    {
        foreach (var legionEvent in Enum.GetValues<LegionEvent>())
        {
            if (string.Equals(legionEvent.ToString(), section.Key, StringComparison.OrdinalIgnoreCase))
            {
                return legionEvent;
            }
        }

        if (UwsgiOptionTable.EventOptions.TryGetValue("legion-" + section.Key.ToLowerInvariant(), out var uwsgiSpelling))
        {
            return uwsgiSpelling;
        }

        throw new LegionConfigurationException(section.Path, $"unknown event '{section.Key}'", section.Key,
            $"one of {string.Join(", ", Enum.GetNames<LegionEvent>())}");
    }

    /// <summary>Flattens the <c>Uwsgi</c> object into entries in an order that does not depend on key names.</summary>
    private static List<UwsgiEntry> UwsgiEntries(IConfigurationSection uwsgi)
    {
        var entries = new List<UwsgiEntry>();
        foreach (var option in uwsgi.GetChildren())
        {
            foreach (var item in Items(option))
            {
                entries.Add(new UwsgiEntry(option.Key, Scalar(item), item.Path));
            }
        }

        // Files first (they may declare legions), then declarations, then what names a legion.
        return entries
            .OrderBy(e => UwsgiOptionTable.FileLoaders.Contains(e.Key) ? 0 : SecretMask.CarriesSecret(e.Key) ? 1 : 2)
            .ToList();
    }

    /// <summary>A list section's items in index order, or the section itself when it holds a single value.</summary>
    private static IEnumerable<IConfigurationSection> Items(IConfigurationSection section)
    {
        if (section.Value is not null)
        {
            return [section];
        }

        var children = section.GetChildren().ToList();
        return children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture))
            : throw new LegionConfigurationException(section.Path, "expected a value or a list of values", null,
                $"a list such as [\"...\"], not an object with keys {string.Join(", ", children.Select(c => c.Key))}");
    }

    private static string Scalar(IConfigurationSection section) =>
        section.Value ?? throw new LegionConfigurationException(section.Path, "expected a single value", null,
            "a string or number, not an object or list");

    private static bool ParseBool(string text, string path) =>
        text.Trim().ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new LegionConfigurationException(path, $"'{text}' is not a boolean", text, "true or false"),
        };

    private static string Known(IConfigurationSection child, string[] known, string what) =>
        known.FirstOrDefault(k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase))
        ?? throw new LegionConfigurationException(child.Path, $"unknown key '{child.Key}'", child.Key,
            $"{what}: one of {string.Join(", ", known)}");
}
