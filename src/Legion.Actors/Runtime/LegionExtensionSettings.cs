using Akka.Actor;
using Akka.Configuration;

namespace Legion.Actors.Runtime;

/// <summary>
/// The internal tunables of a system's legion actors: the <c>legion</c> section of the system's config, with this
/// library's <c>reference.conf</c> as the fallback (every key, its unit and default are documented there). Read once
/// per system by <see cref="Hosting.LegionExtension"/>; carried to each legion's actors in
/// <see cref="Actors.LegionSettings.Tunables"/>. Legions themselves are not configured here (see
/// <see cref="Configuration.LegionOptions"/>). Immutable.
/// </summary>
public sealed record LegionExtensionSettings
{
    private static readonly Lazy<string> ReferenceHocon = new(ReadReference);
    private static readonly Lazy<Config> ReferenceConfig = new(() => ConfigurationFactory.ParseString(ReferenceHocon.Value));

    /// <summary>The defaults: <c>reference.conf</c> alone.</summary>
    public static LegionExtensionSettings Default { get; } = Create(Config.Empty);

    /// <summary>This library's <c>reference.conf</c>, parsed: the fallback of any system that runs legions.</summary>
    public static Config Reference => ReferenceConfig.Value;

    /// <summary>The text of this library's <c>reference.conf</c> (HOCON, commented).</summary>
    public static string ReferenceText => ReferenceHocon.Value;

    /// <summary>
    /// <c>legion.dispatcher.throughput</c>: messages one mailbox of the legion dispatcher processes before the next
    /// ready mailbox gets the thread (count). Default 30. Read by Akka.NET itself from the config; shown here.
    /// </summary>
    public int DispatcherThroughput { get; init; }

    /// <summary>
    /// <c>legion.udp.receive-buffer-size</c>: the socket receive buffer asked of the kernel, in bytes (Linux caps it
    /// at <c>net.core.rmem_max</c>; never lowers the kernel's default). Default 1 MiB.
    /// </summary>
    public int ReceiveBufferBytes { get; init; }

    /// <summary>
    /// <c>legion.udp.receive-backlog</c>: bytes of received datagrams that may wait for the transport actor; beyond it
    /// datagrams are dropped and counted as <see cref="Protocol.DropReason.Overloaded"/>. Default 4 MiB.
    /// </summary>
    public int ReceiveBacklogBytes { get; init; }

    /// <summary>
    /// <c>legion.udp.drop-log-interval</c>: least time between two log lines about dropped datagrams (or failed sends)
    /// of one kind. Default 10 s.
    /// </summary>
    public TimeSpan DropLogInterval { get; init; }

    /// <summary>
    /// <c>legion.membership.churn-log.lines-per-window</c>: member join/leave/death lines logged one by one per
    /// <see cref="ChurnLogWindow"/> (see <see cref="Model.ChurnLogBudget"/>). Default 50.
    /// </summary>
    public int ChurnLogLinesPerWindow { get; init; }

    /// <summary><c>legion.membership.churn-log.window</c>: the window of <see cref="ChurnLogLinesPerWindow"/>. Default 10 s.</summary>
    public TimeSpan ChurnLogWindow { get; init; }

    /// <summary>
    /// <c>legion.election.warm-up-periods</c>: no election round runs this many announce periods (<c>legion-freq</c>)
    /// after a legion starts. Default 2.
    /// </summary>
    public double WarmUpPeriods { get; init; }

    /// <summary>
    /// <c>legion.election.claim-fence-periods</c>: the claim fence's length in announce periods past a silent Lord's
    /// tolerance (<see cref="Model.ClaimFence"/>). Default 1.25.
    /// </summary>
    public double ClaimFencePeriods { get; init; }

    /// <summary>The settings of <paramref name="system"/>: its config's <c>legion</c> section over <see cref="Reference"/>.</summary>
    /// <param name="system">Any ActorSystem.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ConfigurationException">A value is malformed or out of range; the message names its path.</exception>
    public static LegionExtensionSettings Create(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Create(system.Settings.Config);
    }

    /// <summary>The settings in <paramref name="config"/> (a whole system config), with <see cref="Reference"/> as the fallback.</summary>
    /// <param name="config">A config with an optional <c>legion</c> section.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ConfigurationException">A value is malformed or out of range; the message names its path.</exception>
    public static LegionExtensionSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.WithFallback(Reference);
        return new LegionExtensionSettings
        {
            DispatcherThroughput = Count(c, "legion.dispatcher.throughput"),
            ReceiveBufferBytes = Bytes(c, "legion.udp.receive-buffer-size"),
            ReceiveBacklogBytes = Bytes(c, "legion.udp.receive-backlog"),
            DropLogInterval = Duration(c, "legion.udp.drop-log-interval"),
            ChurnLogLinesPerWindow = Count(c, "legion.membership.churn-log.lines-per-window"),
            ChurnLogWindow = Duration(c, "legion.membership.churn-log.window"),
            WarmUpPeriods = Periods(c, "legion.election.warm-up-periods"),
            ClaimFencePeriods = Periods(c, "legion.election.claim-fence-periods"),
        };
    }

    private static int Count(Config c, string path)
    {
        int value = c.GetInt(path);
        return value > 0 ? value : throw Invalid(path, value.ToString(System.Globalization.CultureInfo.InvariantCulture), "a count of at least 1");
    }

    private static int Bytes(Config c, string path)
    {
        long? value = c.GetByteSize(path);
        return value is > 0 and <= int.MaxValue ? (int)value.Value : throw Invalid(path, c.GetString(path), "a size between 1 B and 2 GiB, e.g. 4 MiB");
    }

    private static TimeSpan Duration(Config c, string path)
    {
        var value = c.GetTimeSpan(path);
        return value > TimeSpan.Zero ? value : throw Invalid(path, c.GetString(path), "a positive duration, e.g. 10s");
    }

    private static double Periods(Config c, string path)
    {
        double value = c.GetDouble(path);
        return value > 0 && double.IsFinite(value) ? value : throw Invalid(path, c.GetString(path), "a positive number of announce periods, e.g. 1.25");
    }

    private static ConfigurationException Invalid(string path, string? value, string expected) =>
        new($"{path} = {value}: expected {expected}");

    private static string ReadReference()
    {
        using var stream = typeof(LegionExtensionSettings).Assembly.GetManifestResourceStream("Legion.Actors.Runtime.reference.conf")
            ?? throw new InvalidOperationException("Legion.Actors.Runtime.reference.conf is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
