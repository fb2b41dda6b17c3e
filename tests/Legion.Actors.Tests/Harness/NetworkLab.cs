using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// A private network for one test: a bridge in a namespace of its own, and one namespace per host joined to it
/// by a veth pair (the host's end is <c>eth0</c>, 10.77.0.11, .12, ... on 10.77.0.0/24), with multicast
/// flooding to every port and a route for 224.0.0.0/4 on every host. Nothing of it touches the machine's own
/// interfaces, and nothing is ever sent outside it. Every namespace is named <c>lgt7-PID-N-HOST</c>; disposing
/// kills what was started in them and deletes them, and the first lab of a test run deletes those left by an
/// earlier run that crashed (a <c>lgt7-</c> prefix whose process is gone), never anyone else's.
/// </summary>
/// <remarks>Needs root and iproute2's <c>ip netns</c>. Where they are missing the lab cannot be built and the test fails saying so.</remarks>
internal sealed class NetworkLab : IDisposable
{
    /// <summary>The prefix of every namespace this harness makes.</summary>
    public const string Prefix = "lgt7";

    /// <summary>The virtual IP of the IP takeover scenarios (a private test address on the lab network).</summary>
    public static readonly IPAddress Vip = IPAddress.Parse("10.77.0.100");

    private static readonly Lazy<int> StaleRemoved = new(RemoveStale);
    private static int _labs;

    private readonly List<IDisposable> _owned = [];
    private readonly List<LabHost> _hosts = [];
    private readonly ITestOutputHelper _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private NetworkLab(ITestOutputHelper output)
    {
        _output = output;
        Id = $"{Prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _labs)}";
        Directory = System.IO.Directory.CreateTempSubdirectory(Id + "-").FullName;
    }

    /// <summary>This lab's name prefix, <c>lgt7-PID-N</c>.</summary>
    public string Id { get; }

    /// <summary>The namespace of the bridge.</summary>
    public string BridgeNamespace => Id + "-br";

    /// <summary>A temporary directory for the lab's files (ini files...), deleted with the lab.</summary>
    public string Directory { get; }

    /// <summary>The hosts, in creation order.</summary>
    public IReadOnlyList<LabHost> Hosts => _hosts;

    /// <summary>The host named <paramref name="name"/>.</summary>
    public LabHost this[string name] => _hosts.Single(h => h.Name == name);

    /// <summary>Time since the lab was created, for the test log.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Builds a lab with one host per name (names of at most 8 characters).</summary>
    /// <exception cref="InvalidOperationException">The lab cannot be built here (not root, no <c>ip netns</c>); the message says why.</exception>
    public static NetworkLab Create(ITestOutputHelper output, params string[] hostNames)
    {
        _ = StaleRemoved.Value;
        var lab = new NetworkLab(output);
        try
        {
            lab.Build(hostNames);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Writes a line to the test log with the lab's clock.</summary>
    public void Log(string line)
    {
        try
        {
            _output.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.000}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test has already finished: nowhere to write.
        }
    }

    /// <summary>Keeps <paramref name="resource"/> (a process) to dispose before the namespaces are deleted.</summary>
    public T Own<T>(T resource) where T : IDisposable
    {
        lock (_owned)
        {
            _owned.Add(resource);
        }
        return resource;
    }

    /// <summary>Starts a process inside <paramref name="host"/>'s namespace (<c>ip netns exec</c> execs it: same pid).</summary>
    public ChildProcess Start(LabHost host, string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Own(new ChildProcess("ip", ["netns", "exec", host.Namespace, file, .. arguments], environment, Directory));

    /// <summary>Runs a short command inside <paramref name="host"/>'s namespace.</summary>
    public (int Code, string Output) Exec(LabHost host, params string[] command) =>
        Shell.Run("ip", ["netns", "exec", host.Namespace, .. command], TimeSpan.FromSeconds(15));

    /// <summary>True when <paramref name="host"/>'s interface carries <paramref name="address"/>.</summary>
    public bool Holds(LabHost host, IPAddress address) =>
        Shell.Run("ip", "-n", host.Namespace, "-4", "-o", "addr", "show", "dev", LabHost.Interface).Output.Contains($" {address}/", StringComparison.Ordinal);

    /// <summary>The hosts whose interface carries <paramref name="address"/>.</summary>
    public IReadOnlyList<LabHost> Holders(IPAddress address) => _hosts.Where(h => Holds(h, address)).ToList();

    /// <summary>The MAC address of <paramref name="host"/>'s interface.</summary>
    public string Mac(LabHost host) =>
        Shell.Check("ip", "-n", host.Namespace, "-o", "link", "show", "dev", LabHost.Interface).Split(' ').SkipWhile(t => t != "link/ether").Skip(1).First();

    /// <summary>
    /// Routes multicast of <paramref name="host"/> over its loopback instead of its interface (<c>lo</c> up,
    /// multicast on, 224.0.0.0/4 via <c>lo</c>): several nodes in that one namespace then meet over multicast
    /// loop alone, as nodes on one machine do.
    /// </summary>
    public void RouteMulticastOverLoopback(LabHost host)
    {
        Shell.Check("ip", "-n", host.Namespace, "route", "del", "224.0.0.0/4", "dev", LabHost.Interface);
        Shell.Check("ip", "-n", host.Namespace, "link", "set", "lo", "multicast", "on");
        Shell.Check("ip", "-n", host.Namespace, "route", "add", "224.0.0.0/4", "dev", "lo");
    }

    /// <summary>Cuts <paramref name="host"/> off the network (its bridge port goes down): a partition.</summary>
    public void Cut(LabHost host) => Shell.Check("ip", "-n", BridgeNamespace, "link", "set", host.BridgePort, "down");

    /// <summary>Reconnects a host cut off by <see cref="Cut"/>.</summary>
    public void Heal(LabHost host) => Shell.Check("ip", "-n", BridgeNamespace, "link", "set", host.BridgePort, "up");

    /// <summary>Kills everything started in the lab, deletes its namespaces and its directory.</summary>
    public void Dispose()
    {
        List<IDisposable> owned;
        lock (_owned)
        {
            owned = [.. _owned];
            _owned.Clear();
        }
        owned.Reverse();
        foreach (var resource in owned)
        {
            try
            {
                resource.Dispose();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                Log($"cleanup: {ex.Message}");
            }
        }

        foreach (var name in _hosts.Select(h => h.Namespace).Append(BridgeNamespace))
        {
            Delete(name);
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private void Build(string[] hostNames)
    {
        AddNamespace(BridgeNamespace);
        Ip("-n", BridgeNamespace, "link", "set", "lo", "up");
        Ip("-n", BridgeNamespace, "link", "add", "br0", "type", "bridge");
        // Without snooping the bridge floods multicast to every port, as a plain switch does.
        Ip("-n", BridgeNamespace, "link", "set", "br0", "type", "bridge", "mcast_snooping", "0");
        Ip("-n", BridgeNamespace, "link", "set", "br0", "up");
        for (int i = 0; i < hostNames.Length; i++)
        {
            var name = hostNames[i];
            var host = new LabHost(name, $"{Id}-{name}", IPAddress.Parse($"10.77.0.{11 + i}"), "v-" + name);
            AddNamespace(host.Namespace);
            _hosts.Add(host);
            Ip("-n", BridgeNamespace, "link", "add", host.BridgePort, "type", "veth", "peer", "name", LabHost.Interface, "netns", host.Namespace);
            Ip("-n", BridgeNamespace, "link", "set", host.BridgePort, "master", "br0", "up");
            Ip("-n", host.Namespace, "addr", "add", $"{host.Address}/24", "dev", LabHost.Interface);
            Ip("-n", host.Namespace, "link", "set", LabHost.Interface, "up");
            Ip("-n", host.Namespace, "link", "set", "lo", "up");
            Ip("-n", host.Namespace, "route", "add", "224.0.0.0/4", "dev", LabHost.Interface);
        }
        Log($"lab {Id}: bridge netns {BridgeNamespace}, hosts {string.Join(", ", _hosts)}");
    }

    private static void AddNamespace(string name)
    {
        var (code, output) = Shell.Run("ip", "netns", "add", name);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"The reliability harness cannot create network namespace '{name}' ('ip netns add' exited {code}: {output.Trim()}). " +
                "It needs root and iproute2's 'ip netns', as CI has; it does not skip, because then nothing would be proven.");
        }
    }

    private static void Ip(params string[] arguments) => Shell.Check("ip", arguments);

    private static void Delete(string name)
    {
        var (_, pids) = Shell.Run("ip", "netns", "pids", name);
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Only processes inside our own namespace: ours, or started by the actions of ours.
            if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                try
                {
                    Signals.Send(id, Signals.SIGKILL);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }
        Shell.Run("ip", "netns", "del", name);
    }

    /// <summary>Deletes namespaces of this harness whose test process no longer runs (a crashed earlier run).</summary>
    private static int RemoveStale()
    {
        var (code, list) = Shell.Run("ip", "netns", "list");
        if (code != 0)
        {
            return 0;
        }
        int removed = 0;
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            var parts = name.Split('-');
            if (parts.Length < 3 || parts[0] != Prefix || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            if (pid == Environment.ProcessId || System.IO.Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }
            Delete(name);
            removed++;
        }
        return removed;
    }
}
