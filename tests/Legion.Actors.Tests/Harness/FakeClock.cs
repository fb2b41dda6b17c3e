namespace Legion.Actors.Tests.Harness;

/// <summary>
/// libfaketime (Debian package <c>faketime</c>) preloaded into a process so its wall clock runs shifted. It
/// shifts .NET's clock as well as uWSGI's: <c>DateTime.UtcNow</c> and <c>TimeProvider.System</c> read
/// <c>clock_gettime(CLOCK_REALTIME)</c> through libc, which the preload intercepts (checked: a .NET program under
/// <c>FAKETIME=-120s</c> prints a time two minutes behind). The monotonic clock is left alone, so timers and
/// member expiry run normally and only the announced <c>unix</c> time is off. Set in the environment rather than
/// through the <c>faketime</c> wrapper, which forks: the pid signalled must be the node's.
/// </summary>
internal static class FakeClock
{
    public static IReadOnlyDictionary<string, string> Shifted(TimeSpan offset) => new Dictionary<string, string>
    {
        ["LD_PRELOAD"] = Library,
        ["FAKETIME"] = $"{(offset < TimeSpan.Zero ? "-" : "+")}{(long)Math.Abs(offset.TotalSeconds)}s",
        ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
    };

    private static string Library =>
        new[] { "/usr/lib/x86_64-linux-gnu/faketime", "/usr/lib/aarch64-linux-gnu/faketime", "/usr/lib/faketime", "/usr/local/lib/faketime" }
            .Select(dir => Path.Combine(dir, "libfaketimeMT.so.1"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("libfaketime is not installed (Debian: apt-get install faketime; ./build.sh deps installs it): the clock-skew scenarios need it.");
}
