namespace Legion.Actors.Actions;

/// <summary>How one action run ended.</summary>
/// <param name="Succeeded">True when the action did what it was asked (for commands: exit code 0).</param>
/// <param name="ExitCode">A command's exit code; null when there is none (not a command, killed, failed to start).</param>
/// <param name="TimedOut">True when the action exceeded its timeout and was stopped (a failure).</param>
/// <param name="Error">A short description of the failure; null on success.</param>
public sealed record LegionActionResult(bool Succeeded, int? ExitCode = null, bool TimedOut = false, string? Error = null)
{
    /// <summary>A success with no exit code.</summary>
    public static LegionActionResult Success { get; } = new(true);

    /// <summary>A failure with a description.</summary>
    public static LegionActionResult Failure(string error, int? exitCode = null) => new(false, exitCode, false, error);
}
