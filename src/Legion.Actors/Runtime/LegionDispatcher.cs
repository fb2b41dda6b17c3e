namespace Legion.Actors.Runtime;

/// <summary>The dispatcher every legion actor runs on (see <see cref="LegionProps"/>).</summary>
public static class LegionDispatcher
{
    /// <summary>
    /// Its config path, <c>legion.dispatcher</c>: a <c>Dispatcher</c> whose executor is
    /// <see cref="LegionExecutorConfigurator"/> (the setup's <see cref="IMailboxRunner"/>, or one dedicated thread),
    /// 30 messages per mailbox turn as Akka.NET's default dispatcher (<c>legion.dispatcher.throughput</c>).
    /// </summary>
    public const string Id = "legion.dispatcher";

    /// <summary>
    /// HOCON that declares <see cref="Id"/>: this library's <c>reference.conf</c>
    /// (<see cref="LegionExtensionSettings.ReferenceText"/>), placed as a fallback behind any system config that runs
    /// legions (<see cref="LegionActorSystem.Create"/>, and <see cref="Hosting.LegionExtension"/> in an application's
    /// own system).
    /// </summary>
    public static string Hocon => LegionExtensionSettings.ReferenceText;
}
