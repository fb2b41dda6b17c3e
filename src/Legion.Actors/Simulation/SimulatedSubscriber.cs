using Akka.Actor;

namespace Legion.Actors.Simulation;

/// <summary>
/// One of your actors started on a simulated node before its legion (see <see cref="SimulatedNodeOptions.Subscribers"/>),
/// typically an EventStream subscriber that reports to a test probe. Immutable.
/// </summary>
/// <param name="Name">Its name under <c>/user</c>: letters, digits and <c>-_.</c>, not <c>legion-*</c>.</param>
/// <param name="Props">
/// Makes its props for one run of one node (called at the node's start and at each restart), so the actor can know the
/// node it runs on.
/// </param>
public sealed record SimulatedSubscriber(string Name, Func<SimulatedNode, Props> Props);
