namespace Legion.Actors.Kernel;

/// <summary>The user guardian, <c>/user</c>: parent of top-level actors; handles no messages itself.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected override bool Receive(object message) => false;
}
