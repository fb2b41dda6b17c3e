using Akka.Event;
using System.Globalization;
using Akka.Actor;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

/// <summary>
/// The <c>witness</c> child of a legion with <c>legion-witness = NAME DIR</c>: once per frequency it
/// rewrites this node's record in the shared directory (a temporary file renamed over the old one, so
/// readers never see half a record) and counts the other nodes' fresh records, then tells the election
/// actor what it saw (<see cref="WitnessObserved"/>). Its record is deleted when it stops. File I/O
/// happens here and nowhere else, so a slow or hung share delays only this actor, never a heartbeat.
/// </summary>
/// <remarks>Record file: <c>DIR/LEGION.UUID.witness</c>, one line <c>UUID VALOR UNIX</c>.</remarks>
internal sealed class WitnessActor : ReceiveActor, IWithTimers
{
    private readonly LegionSettings _settings;
    private readonly IActorRef _election;
    private readonly string _directory;
    private readonly string _record;
    private bool? _lastReachable;

    /// <summary>Creates the witness actor.</summary>
    /// <param name="settings">The legion's settings; <see cref="Configuration.LegionDefinition.WitnessDirectory"/> must be set.</param>
    /// <param name="election">Told <see cref="WitnessObserved"/> after every check.</param>
    public WitnessActor(LegionSettings settings, IActorRef election)
    {
        _settings = settings;
        _election = election;
        _directory = settings.Definition.WitnessDirectory ?? throw new ArgumentException("no witness directory configured", nameof(settings));
        _record = Path.Combine(_directory, $"{settings.Name}.{settings.Self.Uuid}.witness");
        Receive<WitnessTick>(_ => Check());
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for this actor.</summary>
    public static Props Props(LegionSettings settings, IActorRef election) =>
        LegionProps.Create(() => new WitnessActor(settings, election));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Self.Tell(WitnessTick.Instance);
        Timers.StartPeriodicTimer(WitnessTick.Instance, WitnessTick.Instance, _settings.Frequency);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        try
        {
            File.Delete(_record);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Peers stop counting a stale record after the tolerance anyway.
        }
    }

    private void Check()
    {
        var now = LegionInstant.From(Context.TimeProvider);
        bool reachable = true;
        int freshOthers = 0;
        try
        {
            string temporary = _record + ".tmp";
            File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{_settings.Self.Uuid} {_settings.Self.Valor} {now.UnixSeconds}\n"));
            File.Move(temporary, _record, overwrite: true);
            foreach (var file in Directory.EnumerateFiles(_directory, $"{_settings.Name}.*.witness"))
            {
                if (file != _record && ReadUnix(file) is { } unix && WitnessRule.IsFresh(unix, now.UnixSeconds, _settings.Tolerance, _settings.SkewTolerance))
                {
                    freshOthers++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reachable = false;
            if (_lastReachable != false)
            {
                Context.Log.Warning("Witness directory {Directory} of legion {Legion} is unreachable: {Error}", _directory, _settings.Name, ex.Message);
            }
        }
        if (reachable && _lastReachable == false)
        {
            Context.Log.Info("Witness directory {Directory} of legion {Legion} is reachable again", _directory, _settings.Name);
        }
        _lastReachable = reachable;
        _election.Tell(new WitnessObserved(reachable, freshOthers));
    }

    private static long? ReadUnix(string file)
    {
        try
        {
            var fields = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return fields.Length >= 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long unix) ? unix : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A record vanishing between listing and reading is a node that just left.
            return null;
        }
    }
}
