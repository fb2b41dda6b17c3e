using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Legion.Actors.Tests.Hosting;

public sealed class LegionHealthCheckTests
{
    private static LegionSnapshot Running(RoundVerdict? verdict, int votes = 2, int quorum = 2) =>
        LegionSnapshot.NotRunning("web", quorum) with
        {
            IsRunning = true,
            Verdict = verdict,
            Votes = votes,
            Lord = new LegionLord("node-a", 90, Model.ModelFixtures.Uuid(1), null, IsSelf: false),
        };

    [Theory]
    [InlineData(RoundVerdict.Quorate, HealthStatus.Healthy, "Lord node-a (valor 90)")]
    [InlineData(RoundVerdict.NoQuorum, HealthStatus.Unhealthy, "no quorum, 1 vote(s) of 2 needed")]
    [InlineData(RoundVerdict.Disagreement, HealthStatus.Degraded, "members disagree")]
    [InlineData(null, HealthStatus.Degraded, "no election round yet")]
    public void Health_follows_the_verdict_of_the_last_round(RoundVerdict? verdict, HealthStatus expected, string reason)
    {
        var (status, text) = LegionHealthCheck.Assess(Running(verdict, votes: verdict == RoundVerdict.NoQuorum ? 1 : 2));

        Assert.Equal(expected, status);
        Assert.Contains(reason, text);
    }

    [Fact]
    public void A_legion_that_is_not_running_is_unhealthy()
    {
        Assert.Equal(HealthStatus.Unhealthy, LegionHealthCheck.Assess(LegionSnapshot.NotRunning("web", 0)).Status);
    }
}
