namespace Legion.Actors.Kernel;

/// <summary>
/// Marks an actor that uses keyed timers (as Akka.NET's <c>IWithTimers</c>): the kernel sets <see cref="Timers"/>
/// before the actor's own constructor body runs, so timers can be started in the constructor.
/// </summary>
public interface IWithTimers
{
    /// <summary>The actor's timers; set by the kernel. Use only from within the actor.</summary>
    ITimerScheduler Timers { get; set; }
}
