using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Akka.Actor;
using Legion.Actors.Runtime;

namespace Legion.Actors.Actors;

/// <summary>
/// Runs one action once, with a timeout measured on the system's TimeProvider, reports
/// <see cref="ActionFinished"/> to its parent and stops. Stopping it early (shutdown) cancels the action.
/// </summary>
internal sealed class ActionWorker : ReceiveActor
{
    private readonly ILegionAction _action;
    private readonly LegionActionSpec _spec;
    private readonly LegionActionContext _context;
    private readonly TimeSpan _timeout;
    private CancellationTokenSource? _cancel;
    private long _started;

    public ActionWorker(ILegionAction action, LegionActionSpec spec, LegionActionContext context, TimeSpan timeout)
    {
        _action = action;
        _spec = spec;
        _context = context;
        _timeout = timeout;
        Receive<LegionActionResult>(result =>
        {
            Context.Parent.Tell(new ActionFinished(_spec, _context, result, Context.TimeProvider.GetElapsedTime(_started)));
            Context.Stop(Self);
        });
    }

    public static Props Props(ILegionAction action, LegionActionSpec spec, LegionActionContext context, TimeSpan timeout) =>
        LegionProps.Create(() => new ActionWorker(action, spec, context, timeout));

    protected override void PreStart()
    {
        _started = Context.TimeProvider.GetTimestamp();
        _cancel = new CancellationTokenSource(_timeout, Context.TimeProvider);
        Run(_action, _spec.Argument, _context, _cancel.Token).TellWhenDone(Self, static result => result, static ex => new Status.Failure(ex));
    }

    protected override void PostStop()
    {
        _cancel?.Cancel();
        _cancel?.Dispose();
    }

    private static async Task<LegionActionResult> Run(ILegionAction action, string argument, LegionActionContext context, CancellationToken token)
    {
        try
        {
            // No Task.Yield: an action that completes synchronously (log:) then reports in the same
            // dispatcher turn, which keeps deterministic simulations deterministic.
            return await action.RunAsync(argument, context, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new LegionActionResult(false, null, TimedOut: true, Error: "timed out or cancelled");
        }
        catch (Exception ex)
        {
            return LegionActionResult.Failure($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
