using System.Security.Cryptography;
using System.Text;

namespace Legion.Actors.Simulation;

/// <summary>
/// Everything that happened in a <see cref="LegionSimulation"/>, in order: every legion event and action result of
/// every node, and every fault or step the simulation applied. Two runs with the same seed and the same calls give
/// the same trace, byte for byte, and so the same <see cref="Hash"/>. Appended only by the simulation; read it
/// from the thread that drives the simulation.
/// </summary>
public sealed class SimulationTrace
{
    private readonly List<SimulationTraceEntry> _entries = [];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly bool _keep;

    internal SimulationTrace(bool keepEntries) => _keep = keepEntries;

    /// <summary>The entries, in order (empty when the simulation was created with <see cref="LegionSimulationOptions.KeepTrace"/> off).</summary>
    public IReadOnlyList<SimulationTraceEntry> Entries => _entries;

    /// <summary>How many entries were appended (kept or not).</summary>
    public int Count { get; private set; }

    /// <summary>
    /// SHA-256 of the canonical lines (each <see cref="SimulationTraceEntry.ToString"/> then <c>\n</c>, UTF-8), as
    /// 64 lowercase hex digits: equal hashes mean byte-identical traces.
    /// </summary>
    public string Hash => Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>Writes every kept entry, one canonical line each.</summary>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var entry in _entries)
        {
            writer.Write(entry.ToString());
            writer.Write('\n');
        }
    }

    /// <summary>The kept entries, one canonical line each, the last <paramref name="lines"/> only when given.</summary>
    /// <param name="lines">How many of the last lines to show; null for all.</param>
    /// <returns>The text.</returns>
    public string ToString(int? lines)
    {
        var builder = new StringBuilder();
        var from = lines is { } n ? Math.Max(0, _entries.Count - n) : 0;
        for (var i = from; i < _entries.Count; i++)
        {
            builder.Append(_entries[i].ToString()).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Every kept entry, one canonical line each.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ToString(null);

    internal void Append(TimeSpan at, string source, string text)
    {
        var entry = new SimulationTraceEntry(at, source, text);
        Count++;
        if (_keep)
        {
            _entries.Add(entry);
        }

        var line = entry.ToString();
        var max = Encoding.UTF8.GetMaxByteCount(line.Length) + 1;
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(line, buffer);
        buffer[length] = (byte)'\n';
        _hash.AppendData(buffer[..(length + 1)]);
    }
}
