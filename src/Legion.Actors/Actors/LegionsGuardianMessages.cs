using Akka.Actor;
namespace Legion.Actors.Actors;

/// <summary>To the <c>legions</c> guardian: create the supervisor of one legion; replies <see cref="LegionStarted"/>.</summary>
/// <param name="Settings">The legion to run.</param>
/// <param name="TransportProps">Transport override (simulation); null for real sockets.</param>
internal sealed record StartLegion(LegionSettings Settings, Func<LegionSettings, IActorRef, Props>? TransportProps = null);

/// <summary>From the guardian: the supervisor was created (its socket may not be bound yet: ask it <see cref="AwaitReady"/>).</summary>
/// <param name="Legion">Legion name.</param>
/// <param name="Supervisor">The legion's supervisor.</param>
internal sealed record LegionStarted(string Legion, IActorRef Supervisor);
