namespace Legion.Host;

/// <summary>One line of the status page's timeline.</summary>
/// <param name="At">When (the node's clock).</param>
/// <param name="Legion">Legion name.</param>
/// <param name="Kind">Event name (<c>lord</c>, <c>node-joined</c>, ...), or <c>identity</c>, <c>action</c>.</param>
/// <param name="Text">One line for an operator; no secret.</param>
internal sealed record StatusTimelineEntry(DateTimeOffset At, string Legion, string Kind, string Text);
