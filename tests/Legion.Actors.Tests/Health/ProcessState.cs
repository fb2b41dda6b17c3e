namespace Legion.Actors.Tests.Health;

/// <summary>Whether a process still runs, from <c>/proc</c>: a zombie (exited, not yet reaped) counts as gone.</summary>
internal static class ProcessState
{
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "PID (COMM) STATE ...": the state follows the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
