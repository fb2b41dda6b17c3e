namespace Legion.Actors.Tests.Interop;

/// <summary>A set of <see cref="MatrixNode"/>s of one legion, for diagnostics and cleanup.</summary>
internal sealed class Matrix : IAsyncDisposable
{
    private readonly List<MatrixNode> _nodes = [];

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(25);

    public MatrixNode Add(MatrixNode node)
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>Every node's output, for a failure message.</summary>
    public string Describe() => string.Join("\n", _nodes.Select(n => $"--- {n.Name} (pid {n.Pid}) ---\n{n.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
