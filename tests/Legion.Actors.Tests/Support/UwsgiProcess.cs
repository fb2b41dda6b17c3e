using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// A real <c>uwsgi</c> process started by a test. Its stdout and stderr are captured together in
/// <see cref="Output"/> (print <see cref="Describe"/> on failure); disposing kills the whole process
/// tree and waits for it, whatever state the test left it in.
/// </summary>
/// <remarks>
/// uWSGI 2.0 <em>reloads</em> on SIGTERM unless started with <c>--die-on-term</c>; pass it if the test
/// means to stop the process with <see cref="Terminate"/> (e.g. to see its death announce).
/// </remarks>
public sealed class UwsgiProcess : IDisposable
{
    /// <summary>The executable looked up on PATH (Debian's uwsgi-core installs /usr/bin/uwsgi).</summary>
    public const string Executable = "uwsgi";


    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock outputGate = new();

    private UwsgiProcess(Process process, IReadOnlyList<string> arguments)
    {
        this.process = process;
        Arguments = arguments;
    }

    /// <summary>The arguments the process was started with.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The process id; for <c>uwsgi --master</c> this is the master, whose pid uWSGI announces.</summary>
    public int Id => process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (outputGate)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts <c>uwsgi</c> with <paramref name="arguments"/> and extra <paramref name="environment"/> variables.</summary>
    /// <exception cref="InvalidOperationException">uwsgi is not installed or cannot be started.</exception>
    public static UwsgiProcess Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var started = new UwsgiProcess(process, arguments);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            process.Dispose();
            throw new InvalidOperationException($"Cannot start '{Executable}' (is uWSGI installed? Debian: apt-get install uwsgi-core): {error.Message}", error);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Sends SIGTERM: with <c>--die-on-term</c>, uWSGI runs its exit hooks (a legion sends its death announce) and exits.</summary>
    public void Terminate()
    {
        if (!HasExited)
        {
            Signals.Send(process.Id, Signals.SIGTERM);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit; true if it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The command line, exit state and captured output, for a failure message.</summary>
    public string Describe()
    {
        string state = HasExited ? $"exited with code {process.ExitCode}" : "running";
        return $"{Executable} {string.Join(' ', Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))}\n"
            + $"pid {process.Id}, {state}; output:\n{Output}";
    }

    /// <summary>Kills the process tree (SIGKILL) if it still runs, and waits for it.</summary>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (outputGate)
        {
            output.AppendLine(line);
        }
    }
}
