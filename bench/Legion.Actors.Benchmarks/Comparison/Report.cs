using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>The markdown written to bench/RESULTS.md: date, machine, the side-by-side table, further tables and notes.</summary>
public sealed class Report(bool quick, int trials)
{
    private readonly List<(string What, string Uwsgi, string Ours, string Ratio)> _rows = [];
    private readonly List<string> _extra = [];
    private readonly List<string> _notes = [];

    /// <summary>Adds a side-by-side row; ratio is ours ÷ uWSGI's.</summary>
    public void Row(string what, string uwsgi, string ours, string ratio) => _rows.Add((what, uwsgi, ours, ratio));

    /// <summary>Adds a markdown line after the main table (a further table's line or a heading).</summary>
    public void Extra(string line) => _extra.Add(line);

    /// <summary>Adds a note.</summary>
    public void Note(string note) => _notes.Add(note);

    /// <summary>The document.</summary>
    public string ToMarkdown(string command)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks: Legion.Actors beside uWSGI 2.0");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {MemoryGiB():0} GiB, {RuntimeInformation.OSDescription}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Runtime: .NET {Environment.Version}; uWSGI {UwsgiVersion()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Command: `./build.sh bench` (= `dotnet run -c Release --project bench/Legion.Actors.Benchmarks -- {command}`)");
        text.AppendLine("- Same ini file for both implementations: aes-128-cbc, unicast `legion-node` mesh on 127.0.0.1, `lord` action `log:BENCH-LORD`.");
        if (quick)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **Quick run ({trials} trials, short windows): a check that the command works, not figures to quote.**");
        }
        text.AppendLine();
        text.AppendLine("| measure | uWSGI 2.0 | Legion.Actors | ours ÷ uWSGI |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (what, uwsgi, ours, ratio) in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {uwsgi} | {ours} | {ratio} |");
        }
        text.AppendLine();
        foreach (var line in _extra)
        {
            text.AppendLine(line);
        }
        if (_notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Notes:");
            foreach (var note in _notes)
            {
                text.AppendLine("- " + note);
            }
        }
        return text.ToString();
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static double MemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576.0;
    }

    private static string UwsgiVersion()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("uwsgi", "--version") { RedirectStandardOutput = true });
            return process!.StandardOutput.ReadToEnd().Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
