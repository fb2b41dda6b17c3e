using System.Diagnostics;

namespace Legion.Actors.Tests.Harness;

/// <summary>Polls a condition on real processes until it holds or a deadline passes (no fixed sleeps).</summary>
internal static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs <paramref name="probe"/> until <paramref name="holds"/> accepts its result and returns that result.</summary>
    /// <exception cref="TimeoutException">The deadline passed; the message holds <paramref name="what"/>, the last result and <paramref name="diagnostics"/>.</exception>
    public static T Until<T>(string what, Func<T> probe, Func<T, bool> holds, TimeSpan deadline, Func<string> diagnostics)
    {
        var clock = Stopwatch.StartNew();
        T last = default!;
        while (true)
        {
            last = probe();
            if (holds(last))
            {
                return last;
            }
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Not within {deadline.TotalSeconds:0.#} s: {what}; last: {last}\n{diagnostics()}");
            }
            Thread.Sleep(Interval);
        }
    }
}
