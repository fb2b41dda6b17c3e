using System.Collections.Concurrent;
using Legion.Actors.Hosting;

namespace Legion.Actors.Tests.Hosting;

public sealed class LordOnlyBackgroundServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_work_runs_only_while_Lord_and_again_at_each_new_lordship()
    {
        var legion = new FakeLegion();
        using var service = new Recording(legion);
        await service.StartAsync(CancellationToken.None);

        Assert.False(service.Running.WaitOne(TimeSpan.FromMilliseconds(200)));
        legion.Crown();
        Assert.True(service.Running.WaitOne(Patience));
        legion.Unlord();
        Assert.True(service.Ended.WaitOne(Patience));
        legion.Crown();
        Assert.True(service.Running.WaitOne(Patience));

        await service.StopAsync(CancellationToken.None);
        Assert.True(service.Ended.WaitOne(Patience));
        Assert.Equal(["started", "cancelled", "started", "cancelled"], service.Log);
    }

    [Fact]
    public async Task Work_that_fails_while_still_Lord_is_started_again_as_uWSGI_restarts_a_legion_daemon()
    {
        var legion = new FakeLegion();
        using var service = new Recording(legion, failFirst: true);
        await service.StartAsync(CancellationToken.None);

        legion.Crown();
        Assert.True(service.Running.WaitOne(Patience));
        Assert.True(service.Running.WaitOne(Patience));

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(["started", "failed", "started", "cancelled"], service.Log);
    }

    [Fact]
    public async Task A_lord_only_job_runs_on_its_schedule_while_Lord_and_not_after_unlord()
    {
        var legion = new FakeLegion();
        var runs = new ConcurrentQueue<DateTimeOffset>();
        using var job = new LordOnlyJob(legion, "tick", LegionSchedule.Every(TimeSpan.FromMilliseconds(100)), _ =>
        {
            runs.Enqueue(DateTimeOffset.UtcNow);
            return Task.CompletedTask;
        });
        await job.StartAsync(CancellationToken.None);

        await Task.Delay(300);
        Assert.Empty(runs);
        legion.Crown();
        await Eventually.Until("three runs", _ => Task.FromResult(runs.Count), n => n >= 3, Patience, () => "");
        legion.Unlord();
        await Task.Delay(200);
        int afterUnlord = runs.Count;
        await Task.Delay(400);

        Assert.Equal(afterUnlord, runs.Count);
        await job.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Every_period_falls_on_whole_multiples_since_the_epoch_like_cron()
    {
        var schedule = LegionSchedule.Every(TimeSpan.FromMinutes(1));
        var at = new DateTimeOffset(2026, 3, 1, 12, 34, 56, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 35, 0, TimeSpan.Zero), schedule.Next(at));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 36, 0, TimeSpan.Zero), schedule.Next(schedule.Next(at)));
        Assert.Throws<InvalidOperationException>(() => LegionSchedule.Custom(t => t, "broken").Next(at));
    }

    private sealed class Recording(ILegion legion, bool failFirst = false) : LordOnlyBackgroundService(legion)
    {
        private int _runs;

        public AutoResetEvent Running { get; } = new(false);

        public AutoResetEvent Ended { get; } = new(false);

        public ConcurrentQueue<string> Entries { get; } = new();

        public string[] Log => [.. Entries];

        protected override TimeSpan RestartDelay => TimeSpan.FromMilliseconds(50);

        protected override async Task ExecuteAsync(CancellationToken lordshipToken)
        {
            Entries.Enqueue("started");
            Running.Set();
            if (failFirst && Interlocked.Increment(ref _runs) == 1)
            {
                Entries.Enqueue("failed");
                throw new InvalidOperationException("boom");
            }
            try
            {
                await Task.Delay(Timeout.Infinite, lordshipToken);
            }
            catch (OperationCanceledException)
            {
                Entries.Enqueue("cancelled");
                Ended.Set();
                throw;
            }
        }
    }
}
