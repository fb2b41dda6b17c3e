using Akka.Actor;

namespace Legion.Actors.Actors;

/// <summary>
/// An actor that runs on this node only while it is the Lord of one legion (see <see cref="LordOnlyActorManager"/>):
/// what <c>WithLordOnlyActor&lt;TKey&gt;</c> declares, or <see cref="Hosting.LegionNodeOptions.LordOnlyActors"/>. Immutable.
/// </summary>
/// <param name="Legion">The legion whose lordship bounds the actor.</param>
/// <param name="Name">
/// The actor's name: its manager is <c>/user/legions/legion-&lt;legion&gt;/lord-only-&lt;name&gt;</c>, the actor that
/// manager's child <c>&lt;name&gt;</c>. Letters, digits and <c>-_.</c> only, unique within the legion.
/// </param>
/// <param name="Props">Props of the actor, started afresh at each lordship.</param>
/// <param name="TerminationMessage">
/// Told to the actor to end it when lordship ends (unlord, step-down, shutdown); the actor must stop itself on it.
/// <see cref="PoisonPill.Instance"/> for most.
/// </param>
public sealed record LordOnlyActorSpec(string Legion, string Name, Props Props, object TerminationMessage)
{
    /// <summary>The manager's name under the legion's supervisor: <c>lord-only-&lt;name&gt;</c>.</summary>
    public string ManagerName => "lord-only-" + Name;

    /// <summary>Checks the name (letters, digits, <c>-_.</c>; not empty).</summary>
    /// <exception cref="ArgumentException">The name is empty or has another character.</exception>
    public void Validate()
    {
        if (Name.Length == 0 || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"'{Name}' is not a lord-only actor name: letters, digits, '-', '_' and '.' only", nameof(Name));
        }
    }
}
