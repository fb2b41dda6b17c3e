using System.Diagnostics;

namespace Legion.Actors.Tests.Harness;

/// <summary>Runs a short command to completion (ip, arping...) and returns its exit code and output.</summary>
internal static class Shell
{
    public static (int Code, string Output) Run(string file, params string[] arguments) => Run(file, arguments, TimeSpan.FromSeconds(15));

    public static (int Code, string Output) Run(string file, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} still running after {timeout}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs and throws when the exit code is not 0.</summary>
    public static string Check(string file, params string[] arguments)
    {
        var (code, output) = Run(file, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {code}: {output.Trim()}");
        }
        return output;
    }
}
