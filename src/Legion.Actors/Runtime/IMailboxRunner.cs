using Akka.Dispatch;

namespace Legion.Actors.Runtime;

/// <summary>
/// Where the mailboxes of a legion's dispatcher run: a dedicated thread (<see cref="DedicatedThreadRunner"/>) in the
/// <c>legion</c> host, a seeded single-threaded schedule in simulations and virtual-time tests. Akka.NET hands it
/// each mailbox that has work through <see cref="LegionExecutorConfigurator"/>; a mailbox is never handed over twice
/// at once, so it never runs concurrently with itself.
/// </summary>
public interface IMailboxRunner
{
    /// <summary>Arranges for <paramref name="run"/> to be run once, later, on the runner's thread. Thread-safe.</summary>
    /// <param name="run">A mailbox with work (Akka.NET's <c>Mailbox</c> is an <see cref="IRunnable"/>).</param>
    void Execute(IRunnable run);
}
