namespace Legion.Actors.Tests.Harness;

/// <summary>Questions about a set of <see cref="LabNode"/>s forming one legion.</summary>
internal static class LabLegion
{
    /// <summary>Every live node's view (null for a node whose stats do not answer).</summary>
    public static IReadOnlyList<(LabNode Node, LegionView? View)> Views(IEnumerable<LabNode> nodes) =>
        nodes.Select(n => (n, n.Process.HasExited ? null : n.TryView())).ToList();

    /// <summary>
    /// The single Lord when the legion has settled: every node answers, exactly one is Lord, every node votes
    /// for it, and every node lists all the others as members. Null otherwise.
    /// </summary>
    public static LabNode? SettledLord(IReadOnlyList<LabNode> nodes)
    {
        var views = Views(nodes);
        if (views.Any(v => v.View is null))
        {
            return null;
        }
        var lords = views.Where(v => v.View!.IsLord).ToList();
        if (lords.Count != 1)
        {
            return null;
        }
        var lord = lords[0];
        return views.All(v => v.View!.LordUuid == lord.View!.Uuid && v.View.Members.Count == nodes.Count - 1) ? lord.Node : null;
    }

    /// <summary>Waits until <see cref="SettledLord"/> is a node and returns it.</summary>
    public static LabNode WaitForSettledLord(NetworkLab lab, IReadOnlyList<LabNode> nodes, TimeSpan deadline, string what)
    {
        var lord = Poll.Until(what, () => SettledLord(nodes), l => l is not null, deadline, () => Describe(nodes))!;
        lab.Log($"{what}: {lord.Name} (pid {lord.Pid})");
        return lord;
    }

    /// <summary>The nodes claiming to be Lord now (among those whose stats answer).</summary>
    public static IReadOnlyList<LabNode> Lords(IEnumerable<LabNode> nodes) =>
        Views(nodes).Where(v => v.View?.IsLord == true).Select(v => v.Node).ToList();

    /// <summary>Every node's view and output, for a failure message.</summary>
    public static string Describe(IEnumerable<LabNode> nodes) =>
        string.Join('\n', Views(nodes).Select(v => $"{v.Node.Name}: {v.View?.ToString() ?? "(no stats)"}")) + "\n"
        + string.Join('\n', nodes.Select(n => n.Describe()));
}
