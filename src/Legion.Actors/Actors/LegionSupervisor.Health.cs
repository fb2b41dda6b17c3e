using Akka.Event;
using Legion.Actors.Runtime;
using Legion.Actors.Model;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actors;

// Health-driven valor (legion-health): the health actor reports, the supervisor owns the valor (HealthValor's rules).
public sealed partial class LegionSupervisor
{
    private ValorState _valor = ValorState.Configured(0);
    private IReadOnlyList<LegionHealthCheckStatus> _health = [];

    private void StartHealthChecks()
    {
        _valor = ValorState.Configured(_settings.Self.Valor);
        _health = _settings.Definition.HealthChecks.Select(LegionHealthCheckStatus.NotRun).ToArray();
        if (_health.Count > 0)
        {
            Context.Watch(Context.ActorOf(HealthActor.Props(_settings, Self, _settings.HealthRunner), "health"));
        }
    }

    private void OnHealthReport(HealthReport report)
    {
        _health = report.Checks;
        _valor = _valor.WithHealth(HealthPenalty.Sum(_health.Select(h => h.CurrentPenalty)));
        if (report.Transition is not { } transition)
        {
            return;
        }
        var check = transition.Check;
        var valor = _valor.Explanation;
        var what = $"health check {check.Check.Label} {Describe(check.State.State)} ({check.LastResult?.Detail})";
        Context.Log.Log(check.IsFailing ? Akka.Event.LogLevel.WarningLevel : Akka.Event.LogLevel.InfoLevel, null,
            "Legion {Legion}: health check {Check} is {State} after {Runs} run(s) in a row ({Detail}); {Penalty} while failing; valor {Valor}",
            new object?[] { _settings.Name, check.Check.Label, check.State.State, Math.Max(check.State.Successes, check.State.Failures), check.LastResult?.Detail,
            check.Check.Penalty, valor });
        // While leaving, the valor no longer matters: the death announce is on its way.
        if (_leaving || _left || !ApplyValor($"{what}: valor {valor}"))
        {
            PublishStatus();
        }
    }

    /// <summary>Announces the valor <see cref="_valor"/> gives now, if it differs from the announced one; true when it did.</summary>
    private bool ApplyValor(string reason)
    {
        var valor = _valor.Announced;
        if (valor == _settings.Self.Valor)
        {
            return false;
        }
        Switch(_settings with { Self = _settings.Self with { Valor = valor } }, reason);
        return true;
    }

    private static string Describe(HealthState state) => state switch
    {
        HealthState.Failing => "failing",
        HealthState.Healthy => "healthy",
        _ => "unknown",
    };
}
