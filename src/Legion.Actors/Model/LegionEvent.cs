namespace Legion.Actors.Model;

/// <summary>
/// The events a legion fires; each can have actions configured with
/// <c>legion-&lt;event&gt; = LEGION ACTION</c> (as uWSGI 2.0 legion.c, <c>uwsgi_legion_register_hook</c>).
/// </summary>
public enum LegionEvent
{
    /// <summary>The legion started on this node (<c>legion-setup</c>).</summary>
    Setup,

    /// <summary>Quorum was reached for the first time (<c>legion-join</c>).</summary>
    Join,

    /// <summary>This node became the Lord (<c>legion-lord</c>).</summary>
    Lord,

    /// <summary>This node stopped being the Lord (<c>legion-unlord</c>).</summary>
    Unlord,

    /// <summary>This node is shutting down; a death announce follows (<c>legion-death</c>).</summary>
    Death,

    /// <summary>A member was added to the member table (<c>legion-node-joined</c>).</summary>
    NodeJoined,

    /// <summary>A member expired after <c>legion-tolerance</c> (<c>legion-node-left</c>).</summary>
    NodeLeft,

    /// <summary>
    /// A member announced a higher application version than this node's (extension: version fencing,
    /// <c>legion-version</c>, <c>legion-outdated</c>). Fires once per newer version seen.
    /// </summary>
    Outdated,

    /// <summary>
    /// The node lost UDP contact with every member and cannot reach the shared-storage witness either
    /// (extension <c>legion-witness</c>, event option <c>legion-forced-exit</c>): it steps down and stays out
    /// until either comes back. Fires once per such episode.
    /// </summary>
    ForcedExit,
}
