using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Legion.Fuzz;

/// <summary>One <c>legion</c> host started by the fuzzer on loopback, its output kept for the report.</summary>
public sealed class FuzzNode : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private FuzzNode(Process process, string name, IPEndPoint legion, IPEndPoint stats)
    {
        _process = process;
        Name = name;
        Legion = legion;
        Stats = stats;
    }

    /// <summary>A short name for the report (a, b, c).</summary>
    public string Name { get; }

    /// <summary>Where the node receives announces.</summary>
    public IPEndPoint Legion { get; }

    /// <summary>Where the node serves its stats.</summary>
    public IPEndPoint Stats { get; }

    /// <summary>The host's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Every line the host wrote so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Starts <c>dotnet legion.dll</c> with <paramref name="arguments"/>.</summary>
    /// <exception cref="InvalidOperationException">The host cannot be started.</exception>
    public static FuzzNode Start(string hostDll, string name, IPEndPoint legion, IPEndPoint stats, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var node = new FuzzNode(process, name, legion, stats);
        process.OutputDataReceived += (_, e) => node.Add(e.Data);
        process.ErrorDataReceived += (_, e) => node.Add(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"cannot start dotnet {hostDll}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Sends SIGTERM (a clean leave) and waits up to <paramref name="timeout"/>; true if it exited.</summary>
    public bool Stop(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Posix.Kill(_process.Id, Posix.SIGTERM);
        }
        return _process.WaitForExit(timeout);
    }

    /// <summary>Kills the host if it still runs.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
