using Xunit.Abstractions;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// The legion's UDP port already taken by another process on the host (here uWSGI, running the same legion):
/// `legion` refuses to start, exit code 1, with a message naming the address. (Interop/LegionHostTests shows the
/// same on loopback against a plain socket.)
/// </summary>
[Collection(HarnessCollection.Name)]
[Trait("Category", "Harness")]
public sealed class PortTakenTests(ITestOutputHelper output)
{
    [Fact]
    public void A_legion_port_held_by_uWSGI_on_the_same_host_stops_the_host_with_exit_code_1_naming_the_address()
    {
        using var lab = NetworkLab.Create(output, "a");
        var host = lab["a"];
        var uwsgi = LabNode.Uwsgi(lab, host, LabArguments.Unicast("taken", host, 10, []));
        Poll.Until("uWSGI holds the port", uwsgi.TryView, v => v is not null, TimeSpan.FromSeconds(30), uwsgi.Describe);

        var ours = lab.Start(host, "dotnet", [LegionHostProcess.HostDll, .. LabArguments.Unicast("taken", host, 20, [], statsPort: 9192)]);
        int code = ours.WaitForExit(TimeSpan.FromSeconds(30));

        lab.Log(ours.Output);
        Assert.Equal(1, code);
        var error = Assert.Single(ours.Lines, l => l.Contains("Cannot start", StringComparison.Ordinal));
        Assert.Contains($"{host.Address}:{LabArguments.LegionPort}", error, StringComparison.Ordinal);
        Assert.Contains("in use", error, StringComparison.OrdinalIgnoreCase);
        ReliabilityResults.Record("UDP port taken at start", "exit code and message", $"{code}: `{error[(error.IndexOf("Cannot", StringComparison.Ordinal))..]}`");
    }
}
