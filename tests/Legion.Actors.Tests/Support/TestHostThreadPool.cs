using System.Runtime.CompilerServices;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// Sizes the test host's thread pool for the way xUnit tests use it: test classes run in parallel, many of them block a
/// thread while they wait (ExpectMsg, Process.WaitForExit, Eventually), and the simulation sweep keeps one pool thread
/// per core busy for its whole run. With the default minimum (one thread per core, here 2) the pool then grows by about
/// one thread per half second, and work another test waits for (a health check, an action, a process exit event) can
/// sit in the queue for seconds. Nodes themselves run on dedicated threads; this only concerns the work they hand to the
/// pool. Production hosts keep .NET's defaults.
/// </summary>
internal static class TestHostThreadPool
{
    [ModuleInitializer]
    internal static void Widen()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
