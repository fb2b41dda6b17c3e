using System.Net;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// A legion node running inside a lab host: our <c>legion</c> host or uWSGI 2.0, started with
/// <c>ip netns exec</c> and serving its stats on port 9191 of its host. Disposing kills it (the lab does too).
/// </summary>
internal sealed class LabNode : IDisposable
{
    /// <summary>The stats port every node of the harness serves.</summary>
    public const int StatsPort = 9191;

    private LabNode(NetworkLab lab, string name, LabHost host, ChildProcess process, bool isUwsgi, int statsPort)
    {
        StatsPortNumber = statsPort;
        Lab = lab;
        Name = name;
        Host = host;
        Process = process;
        IsUwsgi = isUwsgi;
    }

    public NetworkLab Lab { get; }

    public string Name { get; }

    public LabHost Host { get; }

    public ChildProcess Process { get; }

    public bool IsUwsgi { get; }

    public int Pid => Process.Pid;

    public int StatsPortNumber { get; }

    public IPEndPoint Stats => new(Host.Address, StatsPortNumber);

    /// <summary>Starts our host (<c>dotnet legion.dll ARGS</c>) in <paramref name="host"/>.</summary>
    public static LabNode Ours(NetworkLab lab, LabHost host, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? name = null,
        int statsPort = StatsPort)
    {
        var process = lab.Start(host, "dotnet", [LegionHostProcess.HostDll, .. arguments], environment);
        var node = new LabNode(lab, name ?? host.Name, host, process, isUwsgi: false, statsPort);
        lab.Log($"started legion {node.Name} (pid {process.Pid}) in {host.Namespace}: {string.Join(' ', arguments)}");
        return node;
    }

    /// <summary>Starts uWSGI (<c>uwsgi ARGS</c>) in <paramref name="host"/>.</summary>
    public static LabNode Uwsgi(NetworkLab lab, LabHost host, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? name = null,
        int statsPort = StatsPort)
    {
        var process = lab.Start(host, UwsgiProcess.Executable, arguments, environment);
        var node = new LabNode(lab, name ?? host.Name, host, process, isUwsgi: true, statsPort);
        lab.Log($"started uwsgi {node.Name} (pid {process.Pid}) in {host.Namespace}: {string.Join(' ', arguments)}");
        return node;
    }

    /// <summary>The node's view now, or null if its stats do not answer (not up yet, killed, frozen).</summary>
    public LegionView? TryView()
    {
        try
        {
            return LegionView.Read(Host.Namespace, Stats);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public void Signal(int signal)
    {
        Lab.Log($"signal {signal} to {Name} (pid {Pid})");
        Process.Signal(signal);
    }

    public string Describe() => $"--- {Name} ({(IsUwsgi ? "uwsgi" : "legion")}, pid {Pid}, {(Process.HasExited ? "exited" : "running")}) ---\n{Process.Output}";

    public void Dispose() => Process.Dispose();
}
