namespace Legion.Actors.Runtime;

/// <summary>The dispatcher every legion actor runs on (see <see cref="LegionProps"/>).</summary>
public static class LegionDispatcher
{
    /// <summary>
    /// Its config path, <c>legion.dispatcher</c>: a <c>Dispatcher</c> whose executor is
    /// <see cref="LegionExecutorConfigurator"/> (the setup's <see cref="IMailboxRunner"/>, or one dedicated thread),
    /// 30 messages per mailbox turn as Akka.NET's default dispatcher.
    /// </summary>
    public const string Id = "legion.dispatcher";

    /// <summary>The HOCON of <see cref="Id"/>, placed as a fallback behind any system config that runs legions.</summary>
    public const string Hocon = """
        legion.dispatcher {
          type = Dispatcher
          executor = "Legion.Actors.Runtime.LegionExecutorConfigurator, Legion.Actors"
          # Messages one mailbox processes before the next ready mailbox gets the thread.
          throughput = 30
        }
        """;
}
