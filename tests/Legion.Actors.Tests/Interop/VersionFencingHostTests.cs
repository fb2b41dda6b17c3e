namespace Legion.Actors.Tests.Interop;

/// <summary>Version fencing through the `legion` host: an outdated node configured to leave exits with code 3.</summary>
[Trait("Category", "Process")]
public sealed class VersionFencingHostTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void An_outdated_node_with_legion_outdated_leave_runs_its_actions_leaves_and_exits_3()
    {
        var oldPort = LoopbackPorts.FreeUdp();
        var newPort = LoopbackPorts.FreeUdp();
        string[] Common(string self, string peer) =>
            ["--legion", $"app {self} 50 aes-256-gcm:fence-secret", "--legion-node", $"app {peer}", "--legion-freq", "1", "--legion-tolerance", "3"];
        using var newer = LegionHostProcess.Start([.. Common(newPort.ToString(), oldPort.ToString()), "--legion-version", "app 2.1.0"]);
        // The older node's first announce must find the newer one listening, or its death announce has no member to remove.
        newer.WaitForLine("listening on", Deadline);
        using var older = LegionHostProcess.Start([.. Common(oldPort.ToString(), newPort.ToString()), "--legion-version", "app 2.0.9",
            "--legion-outdated", "app log:outdated, handing over", "--legion-outdated-leave", "app"]);

        Assert.Equal(3, older.WaitForExit(Deadline));
        Assert.Contains(older.Lines, l => l.Contains("outdated, handing over", StringComparison.Ordinal));
        Assert.Contains(older.Lines, l => l.Contains("death announce sent", StringComparison.Ordinal));
        newer.WaitForLine("announced its death", Deadline);
        Assert.False(newer.HasExited);
    }
}
