using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// <c>cmd:COMMAND</c> and <c>exec:COMMAND</c>: runs <c>/bin/sh -c COMMAND</c> and waits for it; exit
/// code 0 is success (as uWSGI's <c>legion_action_cmd</c>, which both kinds share). Unlike uWSGI the
/// wait never blocks announces, and a command still running at its timeout is killed with its whole
/// process tree and counted as a failure.
/// </summary>
/// <remarks>
/// The command inherits the host's environment plus <c>LEGION_NAME</c>, <c>LEGION_EVENT</c>
/// (uWSGI phase name), <c>LEGION_VALOR</c>, <c>LEGION_UUID</c>, <c>LEGION_LORD_VALOR</c>,
/// <c>LEGION_LORD_UUID</c> and, for node-joined/node-left, <c>LEGION_MEMBER_NAME</c>,
/// <c>LEGION_MEMBER_VALOR</c>, <c>LEGION_MEMBER_UUID</c> (and <c>LEGION_SIGNAL</c> in a signal handler). Its standard output and error are logged
/// line by line at Information and Warning.
/// </remarks>
public sealed class ShellCommandAction : ILegionAction
{
    /// <summary>Creates the action for a kind (<c>cmd</c> or <c>exec</c>).</summary>
    /// <param name="kind">The kind name it is registered under.</param>
    /// <param name="shell">The shell; default <c>/bin/sh</c>.</param>
    public ShellCommandAction(string kind = "cmd", string shell = "/bin/sh")
    {
        Kind = kind;
        Shell = shell;
    }

    /// <inheritdoc />
    public string Kind { get; }

    /// <summary>The shell that runs the command with <c>-c</c>.</summary>
    public string Shell { get; }

    /// <inheritdoc />
    public async Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        System.Diagnostics.Process process;
        try
        {
            process = ShellProcess.Start(Shell, argument, Environment(context), context.Logger, $"{context.Legion} {context.Phase}");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return LegionActionResult.Failure($"cannot start {Shell}: {ex.Message}");
        }

        using (process)
        {
            int? code = await ShellProcess.WaitAsync(process, cancellationToken).ConfigureAwait(false);
            return code switch
            {
                null => new LegionActionResult(false, null, TimedOut: true, Error: "timed out or cancelled; killed with its process tree"),
                0 => new LegionActionResult(true, 0),
                _ => LegionActionResult.Failure($"exit code {code}", code),
            };
        }
    }

    /// <summary>
    /// The variables a command started for <paramref name="context"/> gets on top of the host's environment:
    /// <c>LEGION_NAME</c>, <c>LEGION_EVENT</c>, <c>LEGION_VALOR</c>, <c>LEGION_UUID</c>, <c>LEGION_LORD_VALOR</c>,
    /// <c>LEGION_LORD_UUID</c>, for node-joined/node-left <c>LEGION_MEMBER_NAME</c>, <c>LEGION_MEMBER_VALOR</c>,
    /// <c>LEGION_MEMBER_UUID</c>, and for a signal handler <c>LEGION_SIGNAL</c>.
    /// </summary>
    /// <param name="context">The event the command runs for.</param>
    public static IReadOnlyDictionary<string, string> Environment(LegionActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = new Dictionary<string, string>();
        AddEnvironment(env, context);
        return env;
    }

    private static void AddEnvironment(Dictionary<string, string> env, LegionActionContext context)
    {
        env["LEGION_NAME"] = context.Legion;
        env["LEGION_EVENT"] = context.Phase;
        env["LEGION_VALOR"] = context.Self.Valor.ToString(CultureInfo.InvariantCulture);
        env["LEGION_UUID"] = context.Self.Uuid;
        env["LEGION_LORD_VALOR"] = context.Lord.Valor.ToString(CultureInfo.InvariantCulture);
        env["LEGION_LORD_UUID"] = context.Lord.Uuid ?? "";
        if (context.Member is { } member)
        {
            env["LEGION_MEMBER_NAME"] = member.Name;
            env["LEGION_MEMBER_VALOR"] = member.Valor.ToString(CultureInfo.InvariantCulture);
            env["LEGION_MEMBER_UUID"] = member.Uuid;
        }

        if (context.Signal is { } signal)
        {
            env["LEGION_SIGNAL"] = signal.ToString(CultureInfo.InvariantCulture);
        }
    }
}
