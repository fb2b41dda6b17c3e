using System.Runtime.CompilerServices;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Runtime;

/// <summary>
/// The legion runtime seen from an actor: its clock and its logger, both from <see cref="LegionRuntime"/> (the only
/// clock of a legion's actors, and the logger factory its owner gave).
/// </summary>
public static class ActorContextExtensions
{
    private static readonly ConditionalWeakTable<IActorContext, ILogger> Loggers = [];

    extension(IActorContext context)
    {
        /// <summary>The clock of every legion actor of this system (<see cref="LegionRuntime.Clock"/>).</summary>
        public TimeProvider TimeProvider => LegionRuntime.Get(context.System).Clock;

        /// <summary>
        /// This actor's logger: category the actor's type (full name), each line in a scope with its path
        /// (<c>ActorPath</c>). Made once per actor incarnation.
        /// </summary>
        public ILogger Log => Loggers.GetValue(context, static c => LegionRuntime.Logger(c, c.Props.Type.FullName ?? c.Props.Type.Name));
    }

    extension(ActorSystem system)
    {
        /// <summary>The logger factory of this system's legion actors (<see cref="LegionRuntime.LoggerFactory"/>).</summary>
        public ILoggerFactory LoggerFactory => LegionRuntime.Get(system).LoggerFactory;
    }
}
