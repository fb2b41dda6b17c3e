using System.Globalization;
using System.Net;

namespace Legion.Actors.Tests.Interop;

/// <summary>
/// One node of an interop matrix: a real uWSGI 2.0 or our <c>legion</c> host as a process, both configured with
/// uWSGI's own options, both read through the same stats JSON. Every node binds an address chosen before any starts,
/// so that each can list all the others as <c>legion-node</c>.
/// </summary>
internal sealed class MatrixNode : IAsyncDisposable
{
    public const string Legion = "gold";
    public const string Cipher = "bf-cbc";
    public const string Secret = "matrix-secret";

    private readonly UwsgiLegionNode? _uwsgi;
    private readonly LegionHostProcess? _host;
    private readonly IPEndPoint _stats;

    private MatrixNode(string name, IPEndPoint legion, UwsgiLegionNode? uwsgi, LegionHostProcess? host, IPEndPoint stats)
    {
        Name = name;
        LegionEndPoint = legion;
        _uwsgi = uwsgi;
        _host = host;
        _stats = stats;
    }

    /// <summary>A short name for messages: <c>uwsgi-90</c>, <c>ours-60</c>.</summary>
    public string Name { get; }

    public IPEndPoint LegionEndPoint { get; }

    public bool IsUwsgi => _uwsgi is not null;

    public int Pid => _uwsgi?.Process.Id ?? _host!.Pid;

    /// <summary>Everything the process wrote so far.</summary>
    public string Output => _uwsgi?.Process.Output ?? _host!.Output;

    /// <summary>Starts a real uWSGI node at <paramref name="legion"/>, announcing to <paramref name="peers"/>.</summary>
    public static async Task<MatrixNode> StartUwsgiAsync(IPEndPoint legion, IEnumerable<IPEndPoint> peers, int valor, int quorum,
        int toleranceSeconds = 3, string? scroll = null, params string[] extra)
    {
        var node = await UwsgiLegionNode.StartAsync(new UwsgiLegionConfig
        {
            Legion = Legion,
            Valor = valor,
            Cipher = Cipher,
            Secret = Secret,
            Nodes = peers.ToList(),
            FrequencySeconds = 1,
            ToleranceSeconds = toleranceSeconds,
            Scroll = scroll,
            ExtraArguments = [.. QuorumArguments(quorum), .. extra],
        }, legionEndPoint: legion);
        return new MatrixNode($"uwsgi-{valor}", legion, node, null, node.StatsEndPoint);
    }

    /// <summary>Starts our <c>legion</c> host at <paramref name="legion"/> with the same options uWSGI takes.</summary>
    public static async Task<MatrixNode> StartOursAsync(IPEndPoint legion, IEnumerable<IPEndPoint> peers, int valor, int quorum,
        int toleranceSeconds = 3, params string[] extra)
    {
        var stats = LoopbackPorts.FreeTcp();
        var arguments = new List<string>
        {
            "--legion", $"{Legion} {legion} {valor} {Cipher}:{Secret}",
            "--legion-freq", "1",
            "--legion-tolerance", toleranceSeconds.ToString(CultureInfo.InvariantCulture),
            "--stats", stats.ToString(),
        };
        foreach (var peer in peers)
        {
            arguments.AddRange(["--legion-node", $"{Legion} {peer}"]);
        }
        arguments.AddRange(QuorumArguments(quorum));
        arguments.AddRange(extra);
        var host = LegionHostProcess.Start(arguments);
        var node = new MatrixNode($"ours-{valor}", legion, null, host, stats);
        try
        {
            await Eventually.Until($"{node.Name} serves its stats", ct => node.ReadAsync(ct), _ => true, TimeSpan.FromSeconds(20), () => host.Output);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>The node's view of the legion, from its stats server.</summary>
    public async Task<UwsgiLegionStats> ReadAsync(CancellationToken cancellationToken = default) =>
        (await UwsgiStats.ReadAsync(_stats, cancellationToken)).Legion(Legion);

    /// <summary>The whole stats document, as JSON text.</summary>
    public async Task<string> ReadJsonAsync(CancellationToken cancellationToken = default) =>
        (await UwsgiStats.ReadAsync(_stats, cancellationToken)).Json;

    public void Signal(int signal) => Signals.Send(Pid, signal);

    public ValueTask DisposeAsync()
    {
        if (_uwsgi is not null)
        {
            return _uwsgi.DisposeAsync();
        }
        try
        {
            // A stopped process cannot die of SIGKILL until it is continued.
            Signals.Send(_host!.Pid, Signals.SIGCONT);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _host!.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string[] QuorumArguments(int quorum) =>
        quorum > 0 ? ["--legion-quorum", $"{Legion} {quorum.ToString(CultureInfo.InvariantCulture)}"] : [];
}
