namespace Legion.Actors.Actors;

/// <summary>
/// The socket of a legion is broken for good (closed or replaced under the transport): thrown inside the transport so
/// that its supervisor restarts it, which binds a fresh socket. Never leaves the actor tree.
/// </summary>
internal sealed class LegionTransportException(string message, Exception inner) : Exception(message, inner);
