using System.Text;
using Legion.Actors.Model;

namespace Legion.Actors.Configuration;

/// <summary>
/// One legion as declared by <c>legion = NAME ADDR VALOR CIPHER:SECRET [IV]</c> and the options that
/// name it (<c>legion-node</c>, <c>legion-quorum</c>, <c>legion-&lt;event&gt;</c>).
/// <see cref="ToString"/> never shows the secret or the IV.
/// </summary>
public sealed record LegionDefinition
{
    /// <summary>Legion name: non-empty, no white space. Announces from other legions are dropped.</summary>
    public required string Name { get; init; }

    /// <summary>Address this node binds and receives on (its announces leave from it too).</summary>
    public required NodeAddress Address { get; init; }

    /// <summary>
    /// This node's valor, 0..65535; 0 makes it an arbiter (counts for quorum, never Lord). The
    /// highest valor wins the election. Limited to 16 bits because uWSGI 2.0 stores member valors
    /// as <c>uint16_t</c> (legion.c, <c>uwsgi_legion_add_node</c>).
    /// </summary>
    public required ushort Valor { get; init; }

    /// <summary>Cipher name as OpenSSL spells it, lowercase, one of <see cref="Protocol.CipherSuites.Supported"/>.</summary>
    public required string Cipher { get; init; }

    /// <summary>The shared secret (key material, before uWSGI's zero padding). Never logged.</summary>
    public required string Secret { get; init; }

    /// <summary>The optional IV token (before uWSGI's <c>'0'</c> padding), or null. Never logged.</summary>
    public string? Iv { get; init; }

    /// <summary>
    /// A second accepted secret for key rotation (extension option <c>legion-secret-next = NAME SECRET</c>):
    /// announces are sent with <see cref="Secret"/>, and received ones are accepted under either. Rotate by
    /// adding the new secret as next on every node, then swapping the two on every node, then removing
    /// the old one. Null when not set. Never logged.
    /// </summary>
    public string? NextSecret { get; init; }

    /// <summary>
    /// Optional Lord lease (extension <c>legion-lord-lease = NAME DURATION</c>): a Lord that has not counted a
    /// quorum of agreeing votes for longer than this steps down even while members disagree. Null (default):
    /// uWSGI's behaviour, where a Lord stays for as long as members disagree. A lease of a few tolerances suits
    /// most legions.
    /// </summary>
    public TimeSpan? LordLease { get; init; }

    /// <summary>
    /// This node's application version (extension <c>legion-version = NAME VERSION</c>), announced in the
    /// <c>version</c> key, which uWSGI ignores. When a member announces a higher version, the <c>outdated</c>
    /// event fires. Null (default): no version is announced and none is compared.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>
    /// When true (extension <c>legion-outdated-leave = NAME</c>), a node that finds itself outdated leaves the
    /// legion after its <c>outdated</c> actions (death announce; it never returns in this run); the
    /// <c>legion</c> host then exits with code 3. Default false.
    /// </summary>
    public bool LeaveWhenOutdated { get; init; }

    /// <summary>
    /// Shared directory of the storage witness (extension <c>legion-witness = NAME DIR</c>; NFS in production):
    /// see <see cref="Model.WitnessRule"/>. Null (default): no witness.
    /// </summary>
    public string? WitnessDirectory { get; init; }

    /// <summary>
    /// Health checks (extension <c>legion-health = NAME [OPTIONS] CHECK</c>), in declaration order: while one fails,
    /// this node announces a lower valor, or valor 0 (see <see cref="Model.HealthValor"/>). Default none, and then
    /// the valor never changes by itself, as in uWSGI.
    /// </summary>
    public IReadOnlyList<LegionHealthCheckSpec> HealthChecks { get; init; } = [];

    /// <summary>Where announces are sent (<c>legion-node</c>; <c>legion-mcast</c> adds the group itself).</summary>
    public IReadOnlyList<NodeAddress> Nodes { get; init; } = [];

    /// <summary>Votes needed to elect a Lord; default 0 (a lone node is quorate). <c>legion-quorum</c>.</summary>
    public int Quorum { get; init; }

    /// <summary>uWSGI has no cap on members; this project's default cap: <see cref="MaxMembers"/>.</summary>
    public const int DefaultMaxMembers = 1024;

    /// <summary>
    /// The most members this node keeps for the legion (itself not counted), 1..1,000,000; default
    /// <see cref="DefaultMaxMembers"/> (1024). Once the table is full, announces from unknown nodes are dropped
    /// and counted (<see cref="Protocol.DropReason.TooManyMembers"/>) until a member leaves or expires, so a
    /// flood of forged uuids cannot exhaust memory. Extension option <c>legion-max-members = NAME N</c>
    /// (uWSGI 2.0 adds every new uuid it hears); set it above the legion's real size.
    /// </summary>
    public int MaxMembers { get; init; } = DefaultMaxMembers;

    /// <summary>Actions per event, in the order they were declared (<c>legion-lord</c>, ...).</summary>
    public IReadOnlyList<LegionActionSpec> Actions { get; init; } = [];

    /// <summary>Where this legion was declared (<c>file:line</c> or <c>--legion</c>), for error messages.</summary>
    public string Source { get; init; } = "";

    /// <summary>
    /// True when <see cref="Address"/> is an IPv4 multicast group (224.0.0.0 to 239.255.255.255): the transport
    /// binds the group's port on every interface, joins the group, and sets the multicast TTL and loop from
    /// <see cref="LegionOptions.MulticastTtl"/> and <see cref="LegionOptions.MulticastLoop"/>. uWSGI 2.0 decides
    /// this from the address alone, for <c>legion</c> and <c>legion-mcast</c> alike (socket.c,
    /// <c>bind_to_udp</c>); <c>legion-mcast</c> additionally adds the group to <see cref="Nodes"/> so announces
    /// go to it. Default false.
    /// </summary>
    public bool Multicast { get; init; }

    /// <summary>
    /// This node's scroll (<c>legion-scroll = NAME TEXT</c>): text announced with every heartbeat, at most
    /// <see cref="LegionOptions.ScrollMaxSize"/> bytes in UTF-8; null when there is none (the default). Not a
    /// secret: every member sees it.
    /// </summary>
    public string? Scroll { get; init; }

    /// <summary>
    /// Cron tasks that run only while this node is the Lord (<c>legion-cron</c>, <c>cron-legion</c>,
    /// <c>unique-legion-cron</c>, <c>unique-cron-legion</c>), in declaration order. Default none.
    /// </summary>
    public IReadOnlyList<LegionCronJob> Crons { get; init; } = [];

    /// <summary>
    /// Processes kept running only while this node is the Lord (<c>legion-attach-daemon</c>,
    /// <c>legion-smart-attach-daemon</c>, <c>legion-smart-attach-daemon2</c>), in declaration order. Default none.
    /// </summary>
    public IReadOnlyList<LegionDaemonSpec> Daemons { get; init; } = [];

    /// <summary>The actions of one event, in declaration order.</summary>
    public IEnumerable<LegionActionSpec> ActionsFor(LegionEvent legionEvent) =>
        Actions.Where(a => a.Event == legionEvent);

    // Records print every property; the secret and IV must never reach a log line.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name)
            .Append(", Address = ").Append(Address)
            .Append(", Valor = ").Append(Valor)
            .Append(", Cipher = ").Append(Cipher)
            .Append(", Secret = ***")
            .Append(", Multicast = ").Append(Multicast)
            .Append(", Nodes = [").Append(string.Join(", ", Nodes)).Append(']')
            .Append(", Quorum = ").Append(Quorum)
            .Append(", MaxMembers = ").Append(MaxMembers)
            .Append(", Actions = ").Append(Actions.Count)
            .Append(", Crons = ").Append(Crons.Count)
            .Append(", Daemons = ").Append(Daemons.Count)
            .Append(", HealthChecks = ").Append(HealthChecks.Count)
            .Append(", Scroll = ").Append(Scroll is null ? "none" : $"{Scroll.Length} chars");
        return true;
    }
}
