using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>One node's view of its legion from its stats: its own uuid, the Lord's uuid, how many members it knows, whether it holds lordship (<c>i_am_the_lord</c> ≠ 0).</summary>
public sealed record LegionView(string Uuid, string LordUuid, int Members, bool IAmTheLord);

/// <summary>
/// A real node process (uWSGI or our host) started from a <see cref="NodeSpec"/> ini file. Every output line is
/// kept with the <see cref="Stopwatch"/> timestamp at which it arrived, so the time an action fired can be read
/// back. Disposing kills the whole process tree and deletes the ini file.
/// </summary>
public sealed class BenchNode : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<(long Timestamp, string Line)> _lines = new();

    private BenchNode(NodeKind kind, NodeSpec spec, Process process, string directory, long startedAt)
    {
        Kind = kind;
        Spec = spec;
        _process = process;
        _directory = directory;
        StartedAt = startedAt;
    }

    /// <summary>Which implementation runs.</summary>
    public NodeKind Kind { get; }

    /// <summary>The node's settings.</summary>
    public NodeSpec Spec { get; }

    /// <summary>Stopwatch timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>The process id (uWSGI: the master, which runs the legion thread).</summary>
    public int Pid => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a node of <paramref name="kind"/> with <paramref name="spec"/>.</summary>
    /// <exception cref="InvalidOperationException">The executable is missing (uwsgi not installed, host not built).</exception>
    public static BenchNode Start(NodeKind kind, NodeSpec spec)
    {
        string directory = Directory.CreateTempSubdirectory("legion-bench-").FullName;
        string ini = Path.Combine(directory, "node.ini");
        File.WriteAllText(ini, spec.ToIni());
        File.SetUnixFileMode(ini, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var info = kind switch
        {
            NodeKind.Uwsgi => new ProcessStartInfo("uwsgi"),
            NodeKind.LegionJit => new ProcessStartInfo("dotnet") { ArgumentList = { Repository.JitHost } },
            NodeKind.LegionNative => new ProcessStartInfo(Repository.NativeHost),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        info.ArgumentList.Add("--ini");
        info.ArgumentList.Add(ini);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info };
        long startedAt = Stopwatch.GetTimestamp();
        var node = new BenchNode(kind, spec, process, directory, startedAt);
        process.OutputDataReceived += (_, e) => node.Add(e.Data);
        process.ErrorDataReceived += (_, e) => node.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"cannot start {info.FileName}: {error.Message}", error);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>The arrival timestamp of the first line containing <paramref name="text"/> that arrived after <paramref name="after"/>; null if none yet.</summary>
    public long? LineAfter(string text, long after)
    {
        foreach (var (timestamp, line) in _lines)
        {
            if (timestamp > after && line.Contains(text, StringComparison.Ordinal))
            {
                return timestamp;
            }
        }
        return null;
    }

    /// <summary>All output so far, for failure messages.</summary>
    public string Output => string.Join('\n', _lines.Select(l => l.Line));

    /// <summary>Sends <paramref name="signal"/> (e.g. 9, 15) to the node process.</summary>
    public void Signal(int signal)
    {
        if (Posix.Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    /// <summary>Reads the node's stats document (uWSGI's JSON) for its legion; null when unreadable now.</summary>
    public async Task<LegionView?> ReadLegionAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            await client.ConnectAsync(Spec.Stats, cancellationToken);
            await using var stream = client.GetStream();
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            foreach (var legion in document.RootElement.GetProperty("legions").EnumerateArray())
            {
                if (legion.GetProperty("legion").GetString() == Spec.Legion)
                {
                    return new LegionView(legion.GetProperty("uuid").GetString() ?? "", legion.GetProperty("lord_uuid").GetString() ?? "",
                        legion.GetProperty("members").GetArrayLength(), legion.GetProperty("i_am_the_lord").GetInt64() != 0);
                }
            }
            return null;
        }
        catch (Exception error) when (error is SocketException or IOException or JsonException or KeyNotFoundException or InvalidOperationException
                                      || (error is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // A read cut off by the caller's deadline (a node still starting, 15 of them on 2 cores) is "unreadable now".
            return null;
        }
    }

    /// <summary>CPU time used so far by the node process and its children (all threads, dead ones included), from /proc.</summary>
    public TimeSpan CpuTime() => ProcessTree.CpuTime(_process.Id);

    /// <summary>Resident memory of the node process (VmRSS), bytes.</summary>
    public long ResidentBytes() => ProcessTree.ResidentBytes(_process.Id);

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Kills the process tree, waits for it, deletes the ini file.</summary>
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
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue((Stopwatch.GetTimestamp(), line));
        }
    }
}
