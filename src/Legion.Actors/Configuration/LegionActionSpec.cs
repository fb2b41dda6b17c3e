using Legion.Actors.Model;

namespace Legion.Actors.Configuration;

/// <summary>
/// One configured action: <c>legion-lord = LEGION KIND:ARGUMENT</c> becomes
/// (<see cref="LegionEvent.Lord"/>, <c>KIND</c>, <c>ARGUMENT</c>). The kind is the text before the first
/// <c>:</c> (as uWSGI 2.0 legion.c, <c>uwsgi_legion_register_hook</c>).
/// </summary>
/// <param name="Event">The event that runs it.</param>
/// <param name="Kind">Action kind, e.g. <c>cmd</c>, <c>exec</c>, <c>log</c>.</param>
/// <param name="Argument">Everything after the first <c>:</c>, may be empty.</param>
/// <param name="Source">Where it was declared (<c>file:line</c> or option), for messages.</param>
public sealed record LegionActionSpec(LegionEvent Event, string Kind, string Argument, string Source = "")
{
    /// <summary>The action as it was written: <c>KIND:ARGUMENT</c>.</summary>
    public override string ToString() => $"{Kind}:{Argument}";
}
