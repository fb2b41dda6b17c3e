using System.Globalization;
using System.Net;

namespace Legion.Fuzz;

/// <summary>The fuzzer's command line.</summary>
public sealed record FuzzSettings
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        legion-fuzz - sends hostile datagrams to a running legion node and checks it survives

        Self-contained (default): starts three `legion` hosts on loopback (valors 30, 20, 10; freq 1 s,
        tolerance 3 s, quorum 2), fuzzes the Lord, watches all three, and writes a report.
          legion-fuzz [--count N] [--seed N] [--rate N] [--max-members N] [--all-nodes] [--results FILE]

        Against a node you started yourself:
          legion-fuzz --target HOST:PORT --legion NAME --cipher CIPHER --secret SECRET
                      [--pid PID] [--stats HOST:PORT] [--count N] [--seed N] [--rate N] [--results FILE]

          --count N        datagrams to send (default 1000000)
          --seed N         seed of the generator (default 1); the same seed sends the same datagrams
          --rate N         at most N datagrams a second (default 0: as fast as the socket takes them)
          --max-members N  legion-max-members of the self-contained legion (default: the host's, 1024)
          --all-nodes      send to every node of the self-contained legion in turn, not only the Lord (an
                           insider flooding the whole legion; e.g. --kinds Skewed --rate 40000 --count 20000)
          --kinds K,K...   only these kinds of hostile datagram (default all; see HostileKind)
          --poll-victim S  read the victim's own stats every S seconds during the run (default 5; 0: only
                           before and after, so its peak RSS is the node's own, not the stats documents')
          --results FILE   write the report there too (default artifacts/fuzz-results.md)

        Exit code 0 when the node survived with its Lord and bounded memory, 1 when an invariant broke, 2 for bad usage.
        """;

    /// <summary>Datagrams to send.</summary>
    public long Count { get; init; } = 1_000_000;

    /// <summary>Generator seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Datagrams per second at most; 0 for no limit.</summary>
    public int Rate { get; init; }

    /// <summary><c>legion-max-members</c> for the self-contained legion; null for the host's default.</summary>
    public int? MaxMembers { get; init; }

    /// <summary>Send to every node of the self-contained legion in turn, not only the Lord.</summary>
    public bool AllNodes { get; init; }

    /// <summary>Seconds between reads of the victim's own stats during the run; 0 for none (only before and after).</summary>
    public int PollVictimSeconds { get; init; } = 5;

    /// <summary>The kinds of datagram to send; empty for all.</summary>
    public IReadOnlyList<HostileKind> Kinds { get; init; } = [];

    /// <summary>Where the report goes (besides stdout).</summary>
    public string Results { get; init; } = Path.Combine("artifacts", "fuzz-results.md");

    /// <summary>An external node to fuzz; null for the self-contained legion.</summary>
    public IPEndPoint? Target { get; init; }

    /// <summary>The external node's legion name.</summary>
    public string Legion { get; init; } = "fuzz";

    /// <summary>The external node's cipher.</summary>
    public string Cipher { get; init; } = "aes-128-cbc";

    /// <summary>The external node's secret.</summary>
    public string Secret { get; init; } = "fuzz-s3cret";

    /// <summary>The external node's process id, for its memory figures; null if unknown.</summary>
    public int? Pid { get; init; }

    /// <summary>The external node's stats address, for its counters; null if none.</summary>
    public IPEndPoint? Stats { get; init; }

    /// <summary>Parses the command line.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message says which.</exception>
    public static FuzzSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new FuzzSettings();
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value");
            long Number() => long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{option} needs a whole number");
            IPEndPoint EndPoint() => IPEndPoint.TryParse(Value(), out var ep) ? ep : throw new ArgumentException($"{option} needs HOST:PORT");
            settings = option switch
            {
                "--count" => settings with { Count = Number() },
                "--seed" => settings with { Seed = (int)Number() },
                "--rate" => settings with { Rate = (int)Number() },
                "--max-members" => settings with { MaxMembers = (int)Number() },
                "--results" => settings with { Results = Value() },
                "--all-nodes" => settings with { AllNodes = true },
                "--poll-victim" => settings with { PollVictimSeconds = (int)Number() },
                "--kinds" => settings with
                {
                    Kinds = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(k => Enum.TryParse<HostileKind>(k, ignoreCase: true, out var kind) ? kind : throw new ArgumentException($"unknown kind '{k}'; one of {string.Join(", ", Enum.GetNames<HostileKind>())}"))
                        .ToArray(),
                },
                "--target" => settings with { Target = EndPoint() },
                "--legion" => settings with { Legion = Value() },
                "--cipher" => settings with { Cipher = Value() },
                "--secret" => settings with { Secret = Value() },
                "--pid" => settings with { Pid = (int)Number() },
                "--stats" => settings with { Stats = EndPoint() },
                _ => throw new ArgumentException($"unknown option '{option}'"),
            };
        }
        return settings;
    }
}
