using System.Text;
using Legion.Actors.Model;
using Akka.Event;

namespace Legion.Actors.Actors;

/// <summary>
/// The Lord-scroll log of a node that steps down for a new Lord, as uWSGI 2.0 writes it (legion.c,
/// <c>legions_check_nodes_step2</c>): "a new Lord (valor, uuid) raised", then the new Lord's scroll between two
/// banner lines, when it has one.
/// </summary>
internal static class LordScrollLog
{
    /// <summary>Writes the log of a node stepping down, when a new Lord (not this node) has a quorum.</summary>
    /// <param name="log">Where to write.</param>
    /// <param name="legion">The legion's name.</param>
    /// <param name="self">This node, as it steps down.</param>
    /// <param name="state">The election state after the round in which it stepped down.</param>
    public static void Write(ILoggingAdapter log, string legion, NodeIdentity self, ElectionState state)
    {
        if (state.Verdict != RoundVerdict.Quorate || state.Candidate.IsNone || state.Candidate == self.AsVote)
        {
            return;
        }
        log.Info("A new Lord (valor: {Valor} uuid: {Uuid}) raised for legion {Legion}", state.Candidate.Valor, state.Candidate.Uuid, legion);
        if (state.LordScroll is { Length: > 0 } scroll)
        {
            log.Info("*********** The New Lord Scroll ***********\n{Scroll}\n*********** End of the New Lord Scroll ***********",
                Encoding.UTF8.GetString(scroll.Span));
        }
    }
}
