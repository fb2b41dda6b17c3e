using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLevel = Akka.Event.LogLevel;
using MelLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Legion.Actors.Runtime;

/// <summary>
/// The Akka.NET logging adapter of a legion actor (<c>Context.Log</c>): the actor logs with Akka's
/// <see cref="ILoggingAdapter"/> and message templates (<c>Info("Node {Node} became Lord", node)</c>), and each line
/// goes on, template and values kept, to a Microsoft.Extensions.Logging logger: the owner's logger factory (direct) or
/// <see cref="BusLogger"/>, which publishes it on the system's EventStream for the configured <c>akka.loggers</c>.
/// Either way the values pass through <see cref="PeerTextLogger"/> first (peers choose names, uuids and scrolls).
/// </summary>
internal sealed class LegionLoggingAdapter(ILogger logger) : LoggingAdapterBase(DefaultLogMessageFormatter.Instance)
{
    public override bool IsDebugEnabled => logger.IsEnabled(MelLevel.Debug);

    public override bool IsInfoEnabled => logger.IsEnabled(MelLevel.Information);

    public override bool IsWarningEnabled => logger.IsEnabled(MelLevel.Warning);

    public override bool IsErrorEnabled => logger.IsEnabled(MelLevel.Error);

    protected override void NotifyLog(AkkaLevel logLevel, object message, Exception? cause = null)
    {
        var level = ToMicrosoft(logLevel);
        switch (message)
        {
            case LogMessage template:
                logger.Log(level, cause, template.Format, [.. template.Parameters()]);
                break;
            default:
                // A line without values: its text is the template, and a brace in it is text, not a hole.
                logger.Log(level, cause, "{Message}", message?.ToString());
                break;
        }
    }

    /// <summary>Akka.NET's level as Microsoft.Extensions.Logging's.</summary>
    public static MelLevel ToMicrosoft(AkkaLevel level) => level switch
    {
        AkkaLevel.DebugLevel => MelLevel.Debug,
        AkkaLevel.InfoLevel => MelLevel.Information,
        AkkaLevel.WarningLevel => MelLevel.Warning,
        _ => MelLevel.Error,
    };

    /// <summary>Microsoft.Extensions.Logging's level as Akka.NET's (Trace is Debug, Critical is Error); null for None.</summary>
    public static AkkaLevel? ToAkka(MelLevel level) => level switch
    {
        MelLevel.Trace or MelLevel.Debug => AkkaLevel.DebugLevel,
        MelLevel.Information => AkkaLevel.InfoLevel,
        MelLevel.Warning => AkkaLevel.WarningLevel,
        MelLevel.Error or MelLevel.Critical => AkkaLevel.ErrorLevel,
        _ => null,
    };
}
