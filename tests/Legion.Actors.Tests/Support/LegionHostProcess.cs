namespace Legion.Actors.Tests.Support;

/// <summary>Our `legion` host as a real process (the legion.dll built next to the tests).</summary>
internal sealed class LegionHostProcess : ChildProcess
{
    private LegionHostProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
        : base("dotnet", arguments, environment, workingDirectory)
    {
    }

    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "legion.dll");

    public static LegionHostProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        new(new[] { HostDll }.Concat(arguments), environment, workingDirectory);

    /// <summary>Runs the host to completion and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        using var host = Start(arguments, workingDirectory: workingDirectory);
        int code = host.WaitForExit(timeout);
        return (code, host.Output);
    }
}
