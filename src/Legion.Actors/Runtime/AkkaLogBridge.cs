using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Runtime;

/// <summary>
/// An Akka.NET logger (<c>akka.loggers</c>) that writes Akka's own log events (an actor that failed, a dead letter) to
/// the <see cref="LegionRuntime.LoggerFactory"/>, under the event's source class as the category. A system whose legion
/// actors log on the EventStream (<see cref="LegionRuntime.LogsOnEventStream"/>) needs other <c>akka.loggers</c>: there
/// this one drops what it receives.
/// </summary>
internal sealed class AkkaLogBridge : ReceiveActor
{
    public AkkaLogBridge()
    {
        var runtime = LegionRuntime.Get(Context.System);
        var factory = runtime.LoggerFactory;
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            if (runtime.LogsOnEventStream)
            {
                return; // the factory publishes on the EventStream: passing the event on would send it round for ever
            }

            // A dead letter's text shows the message, an announce with what a peer chose among it: escaped.
            var logger = new PeerTextLogger(factory.CreateLogger(e.LogClass?.FullName ?? "Akka"));
            var level = e.LogLevel() switch
            {
                Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
                Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
                Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
                _ => Microsoft.Extensions.Logging.LogLevel.Error,
            };
            if (logger.IsEnabled(level))
            {
                logger.Log(level, e.Cause, "{AkkaSource}: {AkkaMessage}", e.LogSource, e.Message?.ToString());
            }
        });
    }
}
