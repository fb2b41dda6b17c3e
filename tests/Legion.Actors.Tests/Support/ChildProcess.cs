using System.Collections.Concurrent;
using System.Diagnostics;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// A real child process whose output lines are collected, so tests can wait for a line, send
/// signals and read the exit code. Disposing kills it (and its children) if it still runs.
/// </summary>
internal class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    public ChildProcess(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null,
        bool keepInput = false)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        if (!keepInput)
        {
            _process.StandardInput.Close();
        }
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        CommandLine = $"{fileName} {string.Join(' ', arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}";
    }

    public string CommandLine { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string Output => string.Join('\n', _lines);

    /// <summary>Waits for a line matching <paramref name="match"/> (already seen or new).</summary>
    /// <exception cref="TimeoutException">No such line in time; the message holds the output so far.</exception>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = _lines.Where(match).Skip(skip).FirstOrDefault();
            if (found is not null)
            {
                return found;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no matching line within {timeout} from: {CommandLine}\n--- output ---\n{Output}");
            }
            _lineArrived.Wait(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public string WaitForLine(string contains, TimeSpan timeout) => WaitForLine(l => l.Contains(contains, StringComparison.Ordinal), timeout);

    public void Signal(int signal) => Signals.Send(_process.Id, signal);

    /// <summary>Writes a line to the process's standard input (started with <c>keepInput</c>).</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Writes <paramref name="text"/> to the process's standard input as it is (started with <c>keepInput</c>).</summary>
    public void Write(string text)
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"still running after {timeout}: {CommandLine}\n--- output ---\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public virtual void Dispose()
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
        }
        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        _lineArrived.Release();
    }
}
