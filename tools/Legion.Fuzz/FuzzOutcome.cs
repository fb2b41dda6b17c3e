namespace Legion.Fuzz;

/// <summary>What a <see cref="FuzzRun"/> found.</summary>
/// <param name="Violations">The invariants that broke (a node exited, the Lord changed, the table did not recover...); empty when all held.</param>
/// <param name="Report">The Markdown report, as written to <see cref="FuzzSettings.Results"/>.</param>
public sealed record FuzzOutcome(IReadOnlyList<string> Violations, string Report)
{
    /// <summary>
    /// The rows of the report's figure table and of its drops-by-reason table (a drop row's figure is
    /// <c>drops: REASON</c>), in order.
    /// </summary>
    public IReadOnlyList<(string Figure, string Value)> Figures
    {
        get
        {
            var rows = new List<(string, string)>();
            string section = "";
            foreach (var line in Report.Split('\n').Select(l => l.Trim()))
            {
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    section = line[3..];
                    continue;
                }
                bool drops = section.StartsWith("Drops", StringComparison.Ordinal);
                if ((section.Length > 0 && !drops) || !line.StartsWith('|') || line.StartsWith("|---", StringComparison.Ordinal)
                    || line is "| figure | value |" or "| reason | count |")
                {
                    continue;
                }
                var cells = line.Trim('|').Split(" | ");
                if (cells.Length == 2)
                {
                    rows.Add(((drops ? "drops: " : "") + cells[0].Trim(), cells[1].Trim()));
                }
            }
            return rows;
        }
    }
}
