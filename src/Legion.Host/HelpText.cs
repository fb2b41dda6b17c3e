namespace Legion.Host;

/// <summary>The text of <c>legion --help</c>.</summary>
internal static class HelpText
{
    public const string Usage = """
        legion - a uWSGI-compatible Legion node (leader election over UDP)

        Usage:
          legion --ini FILE [OPTIONS]
          legion --legion "NAME ADDR VALOR CIPHER:SECRET [IV]" [--legion-node "NAME ADDR"]... [OPTIONS]

        uWSGI legion options (same names and value syntax as uWSGI 2.0; --opt value or --opt=value; repeatable):
          --legion NAME ADDR VALOR CIPHER:SECRET [IV]   join a legion; ADDR is HOST:PORT (UDP) or a Unix socket path
          --legion-mcast NAME ADDR VALOR CIPHER:SECRET  join a legion over multicast (ADDR is the group)
          --legion-node NAME ADDR                       send announces to ADDR
          --legion-quorum NAME N                        votes needed to elect a Lord (default 0)
          --legion-freq SECONDS                         interval between announces (default 3)
          --legion-tolerance SECONDS                    silence after which a member leaves (default 15)
          --legion-skew-tolerance SECONDS               maximum age of an announce (default 30)
          --legion-setup|join|lord|unlord|death|node-joined|node-left NAME ACTION
                                                        run ACTION on that event; ACTION is cmd:COMMAND,
                                                        exec:COMMAND or log:MESSAGE
          --legion-scroll NAME TEXT                     this node's scroll
          --stats ADDR                                  serve uWSGI-compatible stats JSON on HOST:PORT (TCP)
          --ini FILE                                    read the [uwsgi] section of a uWSGI ini file

        Extensions:
          --legion-action-timeout DURATION              kill an action running longer (default 60s)
          --legion-max-members NAME N                   keep at most N members; refuse (and count) new ones
                                                        beyond (default 1024)
          durations accept units: 250ms, 1.5s, 2m

        Environment:
          LEGION_LOG_LEVEL   Verbose, Debug, Information (default), Warning, Error, Fatal

        Exit codes: 0 clean shutdown, 1 cannot run (e.g. address in use), 2 configuration error.
        Ciphers: aes-128-cbc, aes-192-cbc, aes-256-cbc, bf-cbc.

        """;
}
