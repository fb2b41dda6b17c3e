namespace Legion.Actors.Model;

/// <summary>How a <see cref="ValorRequest"/> moves this node's valor.</summary>
public enum ValorChangeKind
{
    /// <summary>Set the valor to the given amount.</summary>
    Set,

    /// <summary>Raise the valor by the given amount (uWSGI issue #100's "increase valor").</summary>
    Increase,

    /// <summary>Lower the valor by the given amount.</summary>
    Decrease,
}
