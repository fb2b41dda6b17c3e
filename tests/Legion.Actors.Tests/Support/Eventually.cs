namespace Legion.Actors.Tests.Support;

/// <summary>
/// Polls a condition until it holds or a deadline passes: the way to wait for another process
/// without fixed sleeps. On timeout it fails with the caller's diagnostics.
/// </summary>
public static class Eventually
{
    /// <summary>The poll interval.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs <paramref name="probe"/> until <paramref name="holds"/> accepts its result, and returns that
    /// result. A probe that throws counts as "not yet" (e.g. a server still starting) and its last
    /// error is reported on timeout.
    /// </summary>
    /// <exception cref="TimeoutException">The deadline passed; the message holds <paramref name="what"/>, the last result or error, and <paramref name="diagnostics"/>.</exception>
    public static async Task<T> Until<T>(
        string what,
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> holds,
        TimeSpan deadline,
        Func<string> diagnostics)
    {
        using var overall = new CancellationTokenSource(deadline);
        string last = "(never probed)";
        while (!overall.IsCancellationRequested)
        {
            try
            {
                T result = await probe(overall.Token);
                if (holds(result))
                {
                    return result;
                }

                last = $"last result: {result}";
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                last = $"last error: {error.GetType().Name}: {error.Message}";
            }

            try
            {
                await Task.Delay(Interval, overall.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"Not within {deadline.TotalSeconds:0.#} s: {what}; {last}\n{diagnostics()}");
    }
}
