using Legion.Actors.Actions;
using Legion.Actors.Model;
using Legion.Actors.Simulation;
using Legion.Actors.TestKit;
using Xunit;

namespace Legion.Actors.Tests.Simulation;

/// <summary>Your code: a job that must run on the Lord only (here it just records where it runs).</summary>
internal sealed class ReportJob
{
    public List<string> RunningOn { get; } = [];

    public int MostAtOnce { get; set; }

    public void Start(string node)
    {
        RunningOn.Add(node);
        MostAtOnce = Math.Max(MostAtOnce, RunningOn.Count);
    }

    public void Stop(string node) => RunningOn.Remove(node);
}

/// <summary>The job as an action kind: <c>legion-lord = web report:start</c>, <c>legion-unlord = web report:stop</c>.</summary>
internal sealed class ReportAction(ReportJob job) : ILegionAction
{
    public string Kind => "report";

    public Task<LegionActionResult> RunAsync(string argument, LegionActionContext context, CancellationToken cancellationToken)
    {
        if (argument == "start")
        {
            job.Start(context.Self.Name);
        }
        else
        {
            job.Stop(context.Self.Name);
        }

        return Task.FromResult(LegionActionResult.Success);
    }
}

public sealed class ReportJobPartitionTests : LegionTestKit
{
    private readonly ReportJob _job = new();

    private SimulatedNodeOptions Options => new()
    {
        Quorum = 2,                          // legion-quorum web 2
        Frequency = TimeSpan.FromSeconds(1), // legion-freq 1
        Tolerance = TimeSpan.FromSeconds(3), // legion-tolerance 3
        EventActions = [new(LegionEvent.Lord, "report", "start"), new(LegionEvent.Unlord, "report", "stop")],
        Actions = _ => LegionActionRegistry.CreateDefault().Register(new ReportAction(_job)),
    };

    [Fact]
    public void The_report_job_follows_the_majority_through_a_partition()
    {
        var a = Sim.AddNode("web", 90, Options);
        var b = Sim.AddNode("web", 50, Options);
        var c = Sim.AddNode("web", 10, Options);
        AwaitLord(a);
        Assert.Equal(["node-1"], _job.RunningOn);

        Sim.Partition([a], [b, c]);         // the Lord is cut off, alone in the minority
        ExpectEvent(a, LegionEvent.Unlord); // without quorum it steps down...
        AwaitLord(b);                       // ...and the majority elects b
        Assert.Equal(["node-2"], _job.RunningOn);
        Assert.Equal(1, _job.MostAtOnce);   // never on both sides at once

        Sim.Heal();
        AwaitLord(a);                       // the higher valor rules again
        Sim.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(["node-1"], _job.RunningOn);
    }
}
