using System.Globalization;
using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Simulation;

/// <summary>
/// Flapping under 30 % datagram loss, measured over a simulated hour: a member drops out whenever its announces
/// are lost for longer than the tolerance, which at 30 % loss and a tolerance of three periods happens often.
/// </summary>
public sealed class FlappingScenario(ITestOutputHelper output)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Under_30_percent_loss_members_flap_with_a_tolerance_of_three_periods_and_not_with_ten()
    {
        var tight = Measure(TimeSpan.FromSeconds(3));
        var middle = Measure(TimeSpan.FromSeconds(5));
        var loose = Measure(TimeSpan.FromSeconds(10));
        output.WriteLine("3 nodes (valor 90, 50, 10), no quorum, freq 1 s, 30 % loss, 1 simulated hour, seed 1");
        output.WriteLine(tight.ToString());
        output.WriteLine(middle.ToString());
        output.WriteLine(loose.ToString());

        // Three lost announces in a row (0.3^3 = 2.7 % per period and link) expire a member several times a
        // minute. The Lord changes far less often: while members disagree, votes are 0 and the Lord stays; but
        // a node that loses the Lord and agrees with the rest rises, and for moments there are two Lords.
        Assert.True(tight.NodeLeft > 100, tight.ToString());
        Assert.True(tight.LordChanges > 0, tight.ToString());
        Assert.True(tight.SeveralLords > 0, tight.ToString());
        Assert.True(middle.NodeLeft < tight.NodeLeft, middle.ToString());
        // Ten in a row (0.3^10, about 6e-6 per period and link) almost never happen: the legion stays whole.
        Assert.True(loose.NodeLeft * 50 < tight.NodeLeft, loose.ToString());
        Assert.True(loose.SingleLord > 0.999, loose.ToString());
    }

    private static Flapping Measure(TimeSpan tolerance)
    {
        using var sim = new LegionSimulation(1, new LegionSimulationOptions { Transport = SimulationTransport.Announces, ThrowOnViolation = false });
        var options = new SimulatedNodeOptions { Frequency = TimeSpan.FromSeconds(1), Tolerance = tolerance };
        sim.AddNode("web", 90, options);
        sim.AddNode("web", 50, options);
        sim.AddNode("web", 10, options);
        sim.RunUntil(() => sim.Lords("web").Count == 1, TimeSpan.FromSeconds(30));
        sim.SetLoss(0.3);

        var byLords = new TimeSpan[4];
        var last = sim.Elapsed;
        int nodeLeft = 0, lordChanges = 0;
        using var watch = sim.Subscribe(e =>
        {
            nodeLeft += e.Fired.Event == LegionEvent.NodeLeft ? 1 : 0;
            lordChanges += e.Fired.Event == LegionEvent.Lord ? 1 : 0;
        });
        var start = sim.Elapsed;
        while (sim.Elapsed - start < Hour)
        {
            var lords = Math.Min(3, sim.Lords("web").Count);
            sim.RunFor(TimeSpan.FromMilliseconds(100));
            byLords[lords] += sim.Elapsed - last;
            last = sim.Elapsed;
        }

        return new Flapping(tolerance, nodeLeft, lordChanges, byLords[0] / Hour, byLords[1] / Hour, (byLords[2] + byLords[3]) / Hour);
    }

    private sealed record Flapping(TimeSpan Tolerance, int NodeLeft, int LordChanges, double NoLord, double SingleLord, double SeveralLords)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"tolerance {Tolerance.TotalSeconds} s: {NodeLeft} node-left, {LordChanges} new Lords; single Lord {SingleLord:P2} of the time, none {NoLord:P2}, several {SeveralLords:P2}");
    }
}
