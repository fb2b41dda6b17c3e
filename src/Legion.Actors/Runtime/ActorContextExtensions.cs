using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Runtime;

/// <summary>
/// The legion runtime seen from an actor: its clock and its logger, both from <see cref="LegionRuntime"/> (the only
/// clock of a legion's actors, and the logger factory its owner gave).
/// </summary>
public static class ActorContextExtensions
{
    private static readonly ConditionalWeakTable<IActorContext, ILoggingAdapter> Loggers = [];

    extension(IActorContext context)
    {
        /// <summary>The clock of every legion actor of this system (<see cref="LegionRuntime.Clock"/>).</summary>
        public TimeProvider TimeProvider => LegionRuntime.Get(context.System).Clock;

        /// <summary>
        /// This actor's Akka.NET logging adapter (message templates: <c>Info("Lord {Node}", node)</c>), values escaped
        /// for one log line; to the owner's logger factory (category the actor's type, full name; a scope with its
        /// path, <c>ActorPath</c>) or on the EventStream (see <see cref="LegionRuntime.LogsOnEventStream"/>). Made
        /// once per actor incarnation.
        /// </summary>
        public ILoggingAdapter Log => Loggers.GetValue(context, static c => new LegionLoggingAdapter(LegionRuntime.Logger(c, c.Props.Type.FullName ?? c.Props.Type.Name)));
    }

    extension(ActorSystem system)
    {
        /// <summary>The logger factory of this system's legion actors (<see cref="LegionRuntime.LoggerFactory"/>).</summary>
        public ILoggerFactory LoggerFactory => LegionRuntime.Get(system).LoggerFactory;
    }
}
