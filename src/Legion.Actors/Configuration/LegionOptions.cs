namespace Legion.Actors.Configuration;

/// <summary>
/// Everything one process needs to run its legions: the legions themselves and the tunables
/// that uWSGI applies to all legions of a process. Immutable; build it with the parsers in this
/// namespace (uWSGI options, uWSGI ini, <c>IConfiguration</c>), which validate every value.
/// </summary>
public sealed record LegionOptions
{
    /// <summary>uWSGI's documented default for <see cref="Frequency"/>: 3 s.</summary>
    public static readonly TimeSpan DefaultFrequency = TimeSpan.FromSeconds(3);

    /// <summary>uWSGI's documented default for <see cref="Tolerance"/>: 15 s.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(15);

    /// <summary>uWSGI's documented default for <see cref="SkewTolerance"/>: 30 s (uWSGI 2.0's code uses 60 s when unset).</summary>
    public static readonly TimeSpan DefaultSkewTolerance = TimeSpan.FromSeconds(30);

    /// <summary>Default for <see cref="ActionTimeout"/>: 60 s.</summary>
    public static readonly TimeSpan DefaultActionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>uWSGI's default for <see cref="AlarmFrequency"/>: 3 s (core/uwsgi.c, <c>uwsgi.alarm_freq</c>).</summary>
    public static readonly TimeSpan DefaultAlarmFrequency = TimeSpan.FromSeconds(3);

    /// <summary>uWSGI's default for <see cref="ScrollMaxSize"/>: 4096 bytes (legion.c, <c>uwsgi_legion_register</c>).</summary>
    public const int DefaultScrollMaxSize = 4096;

    /// <summary>uWSGI's default for <see cref="ScrollListMaxSize"/>: 32768 bytes.</summary>
    public const long DefaultScrollListMaxSize = 32768;

    /// <summary>The legions this process belongs to, in declaration order. Names are unique.</summary>
    public IReadOnlyList<LegionDefinition> Legions { get; init; } = [];

    /// <summary>
    /// Interval between announces. Default 3 s; must be positive. uWSGI option <c>legion-freq</c> (applies to
    /// every legion of the process), which uWSGI reads as whole seconds; this project also accepts fractions
    /// and units (<c>250ms</c>, <c>1.5s</c>, see <see cref="LegionDuration"/>). uWSGI reads 0 as "use the default".
    /// </summary>
    public TimeSpan Frequency { get; init; } = DefaultFrequency;

    /// <summary>
    /// A member not heard from for longer than this is removed (node-left). Default 15 s; must be longer than
    /// <see cref="Frequency"/> (an error otherwise) and should be at least twice it (a warning otherwise), or a
    /// single lost announce expels a member. uWSGI option <c>legion-tolerance</c>, whole seconds in uWSGI;
    /// fractions and units accepted here.
    /// </summary>
    public TimeSpan Tolerance { get; init; } = DefaultTolerance;

    /// <summary>
    /// Announces whose <c>unix</c> timestamp is older than now minus this are dropped. Default 30 s; at least
    /// 1 s, because the timestamp travels in whole seconds. uWSGI option <c>legion-skew-tolerance</c>.
    /// </summary>
    public TimeSpan SkewTolerance { get; init; } = DefaultSkewTolerance;

    /// <summary>
    /// Longest time one action may run before it is killed and counted as a failure. Default 60 s.
    /// Extension option <c>legion-action-timeout</c> (uWSGI waits for ever).
    /// </summary>
    public TimeSpan ActionTimeout { get; init; } = DefaultActionTimeout;

    /// <summary>
    /// Address of the uWSGI-compatible stats server (<c>HOST:PORT</c>, TCP over IPv4), or null for none (the
    /// default). uWSGI options <c>stats</c> and <c>stats-server</c>; the parsers store an empty host
    /// (<c>:9191</c>, every interface) as <c>0.0.0.0</c>.
    /// </summary>
    public string? StatsAddress { get; init; }

    /// <summary>
    /// After a <c>lord</c> action fails, the node announces its death and stays out of the legion for this
    /// long. Default zero: off. uWSGI option <c>legion-death-on-lord-error</c> (whole seconds in uWSGI).
    /// </summary>
    public TimeSpan DeathOnLordError { get; init; }

    /// <summary>
    /// Largest scroll a legion accepts, in bytes, 1..65535 (16 bits, as uWSGI stores it). Default 4096.
    /// <see cref="LegionDefinition.Scroll"/> must fit; a member's longer scroll is not adopted as the Lord
    /// scroll. uWSGI option <c>legion-scroll-max-size</c>; 0 there means the default.
    /// </summary>
    public int ScrollMaxSize { get; init; } = DefaultScrollMaxSize;

    /// <summary>
    /// Largest scroll list (every member's scroll, each with a 2-byte length), in bytes, at least 1.
    /// Default 32768. uWSGI option <c>legion-scroll-list-max-size</c>; 0 there means the default.
    /// </summary>
    public long ScrollListMaxSize { get; init; } = DefaultScrollListMaxSize;

    /// <summary>
    /// TTL of multicast announces, 0..255 hops. Default 1 (the local network). uWSGI option
    /// <c>multicast-ttl</c>, which applies to every multicast socket of the process, legions included.
    /// </summary>
    public int MulticastTtl { get; init; } = 1;

    /// <summary>
    /// Whether multicast announces loop back to this host, so nodes on one host see each other. Default true.
    /// uWSGI option <c>multicast-loop</c> (<c>0</c> turns it off).
    /// </summary>
    public bool MulticastLoop { get; init; } = true;

    /// <summary>
    /// The alarms actions may raise with <c>alarm:NAME MESSAGE</c> (uWSGI's <c>alarm = NAME KIND:ARGUMENT</c>), in
    /// declaration order; when two share a name the first is used, as uWSGI 2.0 does. Default none.
    /// </summary>
    public IReadOnlyList<LegionAlarmSpec> Alarms { get; init; } = [];

    /// <summary>
    /// An alarm raised again with the same message within this time is skipped, uWSGI's anti-loop throttle (option
    /// <c>alarm-freq</c>, whole seconds in uWSGI). Default 3 s; zero turns the throttle off.
    /// </summary>
    public TimeSpan AlarmFrequency { get; init; } = DefaultAlarmFrequency;

    /// <summary>
    /// Actions to run when a legion action raises a signal (<c>legion-signal-handler = N KIND:ARGUMENT</c>, an
    /// extension: see <see cref="LegionSignalHandlerSpec"/>), in declaration order. Default none.
    /// </summary>
    public IReadOnlyList<LegionSignalHandlerSpec> SignalHandlers { get; init; } = [];

    /// <summary>
    /// uWSGI legion options that were recognised but are not implemented, as written, in order. The parsers also
    /// report them in a warning; a host may refuse to start when this is not empty. Empty by default, and always
    /// empty in this version, which implements every legion option of uWSGI 2.0; kept so that a newer uWSGI's options
    /// can be recognised before they are implemented.
    /// </summary>
    public IReadOnlyList<UwsgiEntry> Unsupported { get; init; } = [];

    /// <summary>
    /// What these options were read from (<c>the command line</c>, an ini file, a configuration section),
    /// used by <see cref="Validate"/> for problems that belong to no single line. Default <c>configuration</c>.
    /// </summary>
    public string Origin { get; init; } = "configuration";

    /// <summary>Ini files that gave nothing and why (see <see cref="UwsgiEntries.SectionProblems"/>); named by <see cref="Validate"/> when no legion is declared.</summary>
    internal IReadOnlyList<LegionConfigurationException> SectionProblems { get; init; } = [];

    /// <summary>
    /// Checks that the options can run: at least one legion, unique legion names, positive timers with the
    /// tolerance longer than the frequency, and every legion well-formed (a CBC secret or next secret that starts with
    /// a NUL byte is refused: its key would be all zeros). The parsers already guarantee all of
    /// this except the first; call it before starting, and on options built in code.
    /// </summary>
    /// <exception cref="LegionConfigurationException">
    /// The first problem found: <c>no legion declared</c> (source <see cref="Origin"/>, or the ini file whose asked
    /// section is missing, or the line of a section header without its <c>]</c>), or a bad value
    /// (source the legion's <see cref="LegionDefinition.Source"/> or <see cref="Origin"/>).
    /// </exception>
    public void Validate()
    {
        if (Legions.Count == 0 && SectionProblems.Count > 0)
        {
            throw SectionProblems[0];
        }

        if (Legions.Count == 0)
        {
            throw new LegionConfigurationException(Origin, "no legion declared", null,
                "at least one 'legion = NAME ADDR VALOR CIPHER:SECRET [IV]' or 'legion-mcast = ...'");
        }

        CheckPositive(Frequency, "legion-freq");
        CheckPositive(ActionTimeout, "legion-action-timeout");
        if (Tolerance <= Frequency)
        {
            throw new LegionConfigurationException(Origin, "legion-tolerance is not longer than legion-freq",
                $"{LegionDuration.Format(Tolerance)} <= {LegionDuration.Format(Frequency)}", "a tolerance longer than the frequency");
        }

        if (SkewTolerance < TimeSpan.FromSeconds(1))
        {
            throw new LegionConfigurationException(Origin, "legion-skew-tolerance is under 1 s",
                LegionDuration.Format(SkewTolerance), "at least 1s (announce timestamps are whole seconds)");
        }

        if (DeathOnLordError < TimeSpan.Zero)
        {
            throw new LegionConfigurationException(Origin, "legion-death-on-lord-error is negative",
                LegionDuration.Format(DeathOnLordError), "zero (off) or a positive duration");
        }

        if (ScrollMaxSize is < 1 or > ushort.MaxValue || ScrollListMaxSize < 1 || MulticastTtl is < 0 or > 255)
        {
            throw new LegionConfigurationException(Origin, "a size is out of range",
                $"scroll max {ScrollMaxSize}, scroll list max {ScrollListMaxSize}, multicast ttl {MulticastTtl}",
                "legion-scroll-max-size 1..65535, legion-scroll-list-max-size at least 1, multicast-ttl 0..255");
        }

        if (AlarmFrequency < TimeSpan.Zero)
        {
            throw new LegionConfigurationException(Origin, "alarm-freq is negative", LegionDuration.Format(AlarmFrequency),
                "zero (no throttle) or a positive duration");
        }

        foreach (var handler in SignalHandlers)
        {
            if (handler.Signal is < 0 or > 255 || handler.Kind == "signal")
            {
                throw new LegionConfigurationException(handler.Source.Length > 0 ? handler.Source : Origin, "invalid legion-signal-handler",
                    handler.ToString(), "a signal 0..255 and an action of any kind but signal (which could loop)");
            }

            if (LegionValues.CheckActionArgument(handler.Kind, handler.Argument, Alarms) is { } problem)
            {
                throw new LegionConfigurationException(handler.Source.Length > 0 ? handler.Source : Origin, problem, handler.ToString(),
                    LegionValues.ActionArgumentExpected(handler.Kind));
            }
        }

        var seen = new Dictionary<string, LegionDefinition>(StringComparer.Ordinal);
        foreach (var legion in Legions)
        {
            var source = legion.Source.Length > 0 ? legion.Source : Origin;
            if (!seen.TryAdd(legion.Name, legion))
            {
                throw new LegionConfigurationException(source, $"legion '{legion.Name}' is declared twice (first at {seen[legion.Name].Source})",
                    legion.Name, "unique legion names");
            }

            if (!Protocol.CipherSuites.IsSupported(legion.Cipher))
            {
                throw new LegionConfigurationException(source, $"unknown cipher '{legion.Cipher}'", legion.Cipher,
                    $"one of {string.Join(", ", Protocol.CipherSuites.Supported)}");
            }

            if (legion.MaxMembers is < 1 or > LegionValues.MaxMembersLimit)
            {
                throw new LegionConfigurationException(source, $"legion-max-members of legion '{legion.Name}' is out of range",
                    legion.MaxMembers.ToString(System.Globalization.CultureInfo.InvariantCulture), $"1..{LegionValues.MaxMembersLimit}");
            }

            if (legion.Name.Length == 0 || legion.Secret.Length == 0 || legion.Quorum < 0)
            {
                throw new LegionConfigurationException(source, "legion has an empty name, an empty secret or a negative quorum",
                    legion.ToString(), "a name, a non-empty secret and a quorum of 0 or more");
            }

            if (!Protocol.LegionCipher.IsAuthenticated(legion.Cipher)
                && (legion.Secret.StartsWith('\0') || legion.NextSecret is { Length: > 0 } next && next.StartsWith('\0')))
            {
                // uWSGI's key is a C string that ends at the first NUL: an all-zero key, which anyone can use.
                throw new LegionConfigurationException(source,
                    $"the {(legion.Secret.StartsWith('\0') ? "secret" : "next secret")} of legion '{legion.Name}' starts with a NUL byte, so its {legion.Cipher} key would be all zeros",
                    null, "a secret whose first byte is not NUL (uWSGI 2.0 would silently use an all-zero key)");
            }

            if (legion.Scroll is not null && System.Text.Encoding.UTF8.GetByteCount(legion.Scroll) > ScrollMaxSize)
            {
                throw new LegionConfigurationException(source, $"the scroll of legion '{legion.Name}' is longer than legion-scroll-max-size",
                    $"{System.Text.Encoding.UTF8.GetByteCount(legion.Scroll)} bytes", $"at most {ScrollMaxSize} bytes");
            }

            if (legion.Scroll is not null && System.Text.Encoding.UTF8.GetByteCount(legion.Scroll) + 2L > ScrollListMaxSize)
            {
                throw new LegionConfigurationException(source, $"the scroll of legion '{legion.Name}' does not fit legion-scroll-list-max-size",
                    $"{System.Text.Encoding.UTF8.GetByteCount(legion.Scroll)} bytes + 2", $"at most {ScrollListMaxSize} bytes (uWSGI 2.0 would silently stop announcing it)");
            }

            foreach (var action in legion.Actions)
            {
                var problem = LegionValues.CheckActionArgument(action.Kind, action.Argument, Alarms);
                if (problem is not null)
                {
                    throw new LegionConfigurationException(action.Source.Length > 0 ? action.Source : source, problem, action.ToString(),
                        LegionValues.ActionArgumentExpected(action.Kind));
                }
            }

            foreach (var check in legion.HealthChecks)
            {
                LegionHealthCheckSyntax.Check(check, check.Source.Length > 0 ? check.Source : source, null);
            }

            if (legion.HealthChecks.GroupBy(c => c.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twins)
            {
                throw new LegionConfigurationException(source, $"legion '{legion.Name}' has two health checks labelled '{twins.Key}'", twins.Key,
                    "one check per label: give one of them a Name");
            }

            if (legion.Crons.Any(c => c.Command.Length == 0) || legion.Daemons.Any(d => d.Command.Length == 0 || d.PidFile is { Length: 0 } || d.PidFileChecks < 1))
            {
                throw new LegionConfigurationException(source, $"legion '{legion.Name}' has a cron task or daemon with an empty command or pid file",
                    legion.Name, "a command for every cron task and daemon, a pid file and at least one check for smart daemons");
            }
        }
    }

    private void CheckPositive(TimeSpan value, string option)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new LegionConfigurationException(Origin, $"{option} is not positive", LegionDuration.Format(value),
                "a positive duration");
        }
    }
}
