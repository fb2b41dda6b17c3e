using Legion.Actors.Actors;

namespace Legion.Actors.Simulation;

/// <summary>
/// What travels in <see cref="SimulationTransport.Announces"/> mode: the decoded announce, ready for membership,
/// and the sender's key identity standing in for the encryption. One instance per send, shared by every receiver.
/// </summary>
/// <param name="Received">The message membership gets; immutable, so every receiver may forward the same one.</param>
/// <param name="Key">The sender's cipher, secret and IV: a receiver with another key cannot "decrypt" it.</param>
internal sealed record AnnounceDatagram(AnnounceReceived Received, string Key);
