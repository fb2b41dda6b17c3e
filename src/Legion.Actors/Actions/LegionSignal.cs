using Legion.Actors.Model;

namespace Legion.Actors.Actions;

/// <summary>
/// A numbered signal raised by a legion action (<c>signal:N</c>), as uWSGI 2.0's <c>legion_action_signal</c> sends
/// uWSGI signal N to the application. Delivered through <see cref="LegionSignalBus"/>. Immutable.
/// </summary>
/// <param name="Number">The signal, 0..255.</param>
/// <param name="Legion">The legion whose action raised it.</param>
/// <param name="Event">The event that action ran for (e.g. <see cref="LegionEvent.Lord"/>).</param>
/// <param name="Self">This node, in that legion.</param>
/// <param name="Lord">The Lord (or candidate) when the event fired; <see cref="Vote.None"/> if none.</param>
public sealed record LegionSignal(int Number, string Legion, LegionEvent Event, NodeIdentity Self, Vote Lord);
