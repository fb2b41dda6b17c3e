using System.Collections.Frozen;
using Legion.Actors.Model;

namespace Legion.Actors.Configuration;

/// <summary>How many values a uWSGI option takes on the command line (getopt_long's argument kinds).</summary>
internal enum UwsgiArity
{
    /// <summary><c>no_argument</c>: <c>--master</c>.</summary>
    None,

    /// <summary><c>required_argument</c>: <c>--socket ADDR</c> or <c>--socket=ADDR</c>.</summary>
    Required,

    /// <summary><c>optional_argument</c>: only <c>--log-date=FORMAT</c> carries a value.</summary>
    Optional,
}

/// <summary>
/// The uWSGI option names this layer knows, with the argument kind uWSGI 2.0's option table
/// (core/uwsgi.c) gives each. Names are case-sensitive, as uWSGI compares them with <c>strcmp</c>.
/// </summary>
internal static class UwsgiOptionTable
{
    /// <summary>The per-event options, as uWSGI 2.0 names them (legion.c, <c>uwsgi_legion_register_hook</c>).</summary>
    public static readonly FrozenDictionary<string, LegionEvent> EventOptions = new Dictionary<string, LegionEvent>
    {
        ["legion-setup"] = LegionEvent.Setup,
        ["legion-join"] = LegionEvent.Join,
        ["legion-lord"] = LegionEvent.Lord,
        ["legion-unlord"] = LegionEvent.Unlord,
        ["legion-death"] = LegionEvent.Death,
        ["legion-node-joined"] = LegionEvent.NodeJoined,
        ["legion-node-left"] = LegionEvent.NodeLeft,
        ["legion-outdated"] = LegionEvent.Outdated,
        ["legion-forced-exit"] = LegionEvent.ForcedExit,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Lord-only cron options (cron.c): the first two plain, the last two unique.</summary>
    public static readonly IReadOnlyList<string> CronOptions = ["legion-cron", "cron-legion", "unique-legion-cron", "unique-cron-legion"];

    /// <summary>Lord-only daemon options (daemons.c, <c>uwsgi_opt_add_daemon</c>).</summary>
    public static readonly IReadOnlyList<string> DaemonOptions = ["legion-attach-daemon", "legion-smart-attach-daemon", "legion-smart-attach-daemon2"];

    /// <summary>Options this layer turns into <see cref="LegionOptions"/>; all take a value.</summary>
    public static readonly IReadOnlyList<string> Implemented =
    [
        "legion", "legion-mcast", "legion-node", "legion-quorum", "legion-scroll",
        "legion-scroll-max-size", "legion-scroll-list-max-size",
        "legion-freq", "legion-tolerance", "legion-skew-tolerance", "legion-death-on-lord-error",
        .. EventOptions.Keys.Order(StringComparer.Ordinal),
        .. CronOptions, .. DaemonOptions,
        "alarm", "alarm-freq", "legion-signal-handler",
        "legion-action-timeout", "legion-max-members", "stats", "stats-server", "multicast-ttl", "multicast-loop",
        "legion-secret-next", "legion-lord-lease", "legion-version", "legion-outdated-leave", "legion-witness",
        "legion-health",
    ];

    /// <summary>
    /// Legion options of uWSGI 2.0 that are recognised but not implemented: they would be kept in
    /// <see cref="LegionOptions.Unsupported"/> and reported in one warning, never dropped silently. Empty: every
    /// legion option uWSGI 2.0 lists (<c>uwsgi --help | grep legion</c>) is implemented.
    /// </summary>
    public static readonly IReadOnlyList<string> Unsupported = [];

    /// <summary>Options that read another ini file (<c>ini</c> and <c>include</c> in place, <c>inherit</c> at the end).</summary>
    public static readonly FrozenSet<string> FileLoaders = FrozenSet.Create(StringComparer.Ordinal, "ini", "include", "inherit");

    /// <summary>Options that load a configuration format this host cannot read; using one is an error.</summary>
    public static readonly FrozenSet<string> OtherFormats =
        FrozenSet.Create(StringComparer.Ordinal, "xml", "xmlconfig", "yaml", "yml", "json", "js", "config");

    /// <summary>
    /// Placeholder options (<c>set</c> also sets the named option; the others only define a placeholder).
    /// Their value is <c>NAME=VALUE</c>.
    /// </summary>
    public static readonly FrozenSet<string> PlaceholderSetters =
        FrozenSet.Create(StringComparer.Ordinal, "set", "set-placeholder", "set-ph");

    /// <summary>
    /// Common uWSGI options a drop-in may be given on the command line that this host ignores (with one
    /// warning). Anything else on the command line that is not a legion option is an error, because a typo
    /// there must not be mistaken for an application-server option. Chosen from the options uWSGI's own
    /// legion examples and typical deployments pass: process model, sockets, logging, privileges, the Python
    /// plugin's application options.
    /// </summary>
    public static readonly FrozenDictionary<string, UwsgiArity> IgnoredOnCommandLine = new Dictionary<string, UwsgiArity>
    {
        ["master"] = UwsgiArity.None,
        ["die-on-term"] = UwsgiArity.None,
        ["vacuum"] = UwsgiArity.None,
        ["enable-threads"] = UwsgiArity.None,
        ["lazy-apps"] = UwsgiArity.None,
        ["thunder-lock"] = UwsgiArity.None,
        ["no-orphans"] = UwsgiArity.None,
        ["need-app"] = UwsgiArity.None,
        ["strict"] = UwsgiArity.None,
        ["single-interpreter"] = UwsgiArity.None,
        ["disable-logging"] = UwsgiArity.None,
        ["memory-report"] = UwsgiArity.None,
        ["auto-procname"] = UwsgiArity.None,
        ["log-master"] = UwsgiArity.None,
        ["exit-on-reload"] = UwsgiArity.None,
        ["stats-http"] = UwsgiArity.None,
        ["stats-minified"] = UwsgiArity.None,
        ["stats-min"] = UwsgiArity.None,
        ["socket"] = UwsgiArity.Required,
        ["uwsgi-socket"] = UwsgiArity.Required,
        ["http"] = UwsgiArity.Required,
        ["http-socket"] = UwsgiArity.Required,
        ["shared-socket"] = UwsgiArity.Required,
        ["processes"] = UwsgiArity.Required,
        ["workers"] = UwsgiArity.Required,
        ["threads"] = UwsgiArity.Required,
        ["cheaper"] = UwsgiArity.Required,
        ["listen"] = UwsgiArity.Required,
        ["buffer-size"] = UwsgiArity.Required,
        ["max-requests"] = UwsgiArity.Required,
        ["harakiri"] = UwsgiArity.Required,
        ["reload-mercy"] = UwsgiArity.Required,
        ["worker-reload-mercy"] = UwsgiArity.Required,
        ["daemonize"] = UwsgiArity.Required,
        ["pidfile"] = UwsgiArity.Required,
        ["safe-pidfile"] = UwsgiArity.Required,
        ["master-fifo"] = UwsgiArity.Required,
        ["touch-reload"] = UwsgiArity.Required,
        ["uid"] = UwsgiArity.Required,
        ["gid"] = UwsgiArity.Required,
        ["chdir"] = UwsgiArity.Required,
        ["plugin"] = UwsgiArity.Required,
        ["plugins"] = UwsgiArity.Required,
        ["logto"] = UwsgiArity.Required,
        ["logger"] = UwsgiArity.Required,
        ["req-logger"] = UwsgiArity.Required,
        ["log-format"] = UwsgiArity.Required,
        ["procname"] = UwsgiArity.Required,
        ["procname-prefix"] = UwsgiArity.Required,
        ["env"] = UwsgiArity.Required,
        ["module"] = UwsgiArity.Required,
        ["wsgi-file"] = UwsgiArity.Required,
        ["callable"] = UwsgiArity.Required,
        ["home"] = UwsgiArity.Required,
        ["virtualenv"] = UwsgiArity.Required,
        ["venv"] = UwsgiArity.Required,
        ["pythonpath"] = UwsgiArity.Required,
        ["log-date"] = UwsgiArity.Optional,
        ["chmod-socket"] = UwsgiArity.Optional,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>uWSGI's one-letter aliases for the ignored options above (and <c>-S</c> for <c>set</c>).</summary>
    public static readonly FrozenDictionary<char, string> ShortAliases = new Dictionary<char, string>
    {
        ['M'] = "master",
        ['T'] = "enable-threads",
        ['L'] = "disable-logging",
        ['m'] = "memory-report",
        ['i'] = "single-interpreter",
        ['s'] = "socket",
        ['p'] = "processes",
        ['d'] = "daemonize",
        ['b'] = "buffer-size",
        ['R'] = "max-requests",
        ['t'] = "harakiri",
        ['S'] = "set",
    }.ToFrozenDictionary();

    /// <summary>Every option that needs a value; <see cref="Implemented"/> plus loaders and unsupported ones.</summary>
    private static readonly FrozenSet<string> LegionValued =
        Implemented.Concat(Unsupported).Concat(FileLoaders).Concat(OtherFormats).Concat(PlaceholderSetters)
            .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for every option this layer understands or deliberately ignores on the command line.</summary>
    public static bool TryGetCommandLineArity(string key, out UwsgiArity arity)
    {
        if (LegionValued.Contains(key))
        {
            arity = UwsgiArity.Required;
            return true;
        }

        return IgnoredOnCommandLine.TryGetValue(key, out arity);
    }

    /// <summary>True for a key this host implements.</summary>
    public static bool IsImplemented(string key) => ImplementedSet.Contains(key);

    /// <summary>True for a recognised but unsupported legion option.</summary>
    public static bool IsUnsupported(string key) => UnsupportedSet.Contains(key);

    /// <summary>
    /// True for a key that looks like a legion option (<c>legion</c>, <c>legion-*</c>, <c>*-legion*</c>);
    /// an unknown one is a typo and an error, never an ignored application-server option.
    /// </summary>
    public static bool LooksLikeLegionOption(string key) =>
        key == "legion" || key.StartsWith("legion-", StringComparison.Ordinal)
        || key.Contains("-legion", StringComparison.Ordinal);

    /// <summary>
    /// True for uWSGI's configuration logic (<c>if-env</c>, <c>for</c>, ... and their ends), which this host does
    /// not evaluate.
    /// </summary>
    public static bool IsLogicOpener(string key) =>
        key.StartsWith("if-", StringComparison.Ordinal) || key.StartsWith("for", StringComparison.Ordinal)
        && (key == "for" || key.StartsWith("for-", StringComparison.Ordinal))
        || key is "ifenv" or "ifexists" or "ifdir" or "ifplugin";

    /// <summary>True for the options that close a block of uWSGI's configuration logic.</summary>
    public static bool IsLogicCloser(string key) => key is "end" or "endif" or "end-if" or "endfor" or "end-for";

    private static readonly FrozenSet<string> ImplementedSet = Implemented.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> UnsupportedSet = Unsupported.ToFrozenSet(StringComparer.Ordinal);
}
