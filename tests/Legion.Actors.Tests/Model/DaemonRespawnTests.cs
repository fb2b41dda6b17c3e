using Legion.Actors.Model;

namespace Legion.Actors.Tests.Model;

public class DaemonRespawnTests
{
    [Fact]
    public void A_first_start_or_a_daemon_that_lived_over_three_seconds_starts_at_once()
    {
        Assert.Equal(TimeSpan.Zero, DaemonRespawn.Delay(0, null));
        Assert.Equal(TimeSpan.Zero, DaemonRespawn.Delay(7, TimeSpan.FromSeconds(3.5)));
    }

    [Theory]
    // starts so far, seconds since the last start -> delay in seconds (uWSGI: respawns - elapsed, at least 1)
    [InlineData(1, 0.2, 1)]
    [InlineData(1, 2.5, 1)]
    [InlineData(5, 1.0, 4)]
    [InlineData(10, 3.0, 7)]
    public void A_daemon_that_dies_soon_waits_longer_the_more_it_was_restarted(int starts, double seconds, int delay)
    {
        Assert.Equal(TimeSpan.FromSeconds(delay), DaemonRespawn.Delay(starts, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void The_delay_never_exceeds_five_minutes()
    {
        Assert.Equal(DaemonRespawn.MaxDelay, DaemonRespawn.Delay(10_000, TimeSpan.Zero));
    }
}
