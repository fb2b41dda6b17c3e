using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// Runs code inside a named network namespace (<c>/run/netns/NAME</c>) on a thread of its own: <c>setns</c>
/// moves only the calling thread, and that thread ends with the work, so no other thread of the test process
/// ever leaves the machine's own namespace. Sockets made there stay in that namespace.
/// </summary>
internal static class NetNamespace
{
    private const int CLONE_NEWNET = 0x40000000;

    /// <summary>Runs <paramref name="work"/> inside namespace <paramref name="name"/> and returns its result (or rethrows its exception).</summary>
    public static T Run<T>(string name, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = work();
            }
            catch (Exception ex)
            {
                error = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    /// <summary>Starts <paramref name="work"/> inside namespace <paramref name="name"/> on a background thread and returns that thread.</summary>
    public static Thread Start(string name, Action work)
    {
        var thread = new Thread(() =>
        {
            Enter(name);
            work();
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        return thread;
    }

    private static void Enter(string name)
    {
        using var handle = File.OpenHandle($"/run/netns/{name}", FileMode.Open, FileAccess.Read);
        if (setns((int)handle.DangerousGetHandle(), CLONE_NEWNET) != 0)
        {
            throw new InvalidOperationException($"setns into network namespace {name} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
}
