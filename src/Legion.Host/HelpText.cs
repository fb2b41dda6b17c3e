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
                                                        exec:COMMAND, log:MESSAGE, signal:N or alarm:NAME MESSAGE
          --legion-death-on-lord-error SECONDS          after a failed lord action: death announce, stay out
          --legion-scroll NAME TEXT                     this node's scroll
          --legion-scroll-max-size BYTES                longest Lord scroll (default 4096)
          --legion-scroll-list-max-size BYTES           scroll list limit (default 32768)
          --legion-cron NAME MIN HOUR DAY MONTH WEEKDAY COMMAND
                                                        cron task run only on the Lord (-1 any, -N every N);
                                                        alias --cron-legion; --unique-legion-cron and
                                                        --unique-cron-legion never overlap runs
          --legion-attach-daemon NAME COMMAND           process kept running only on the Lord
          --legion-smart-attach-daemon NAME PIDFILE[,CHECKS] COMMAND
                                                        the same for a self-daemonizing command
          --legion-smart-attach-daemon2 NAME PIDFILE[,CHECKS] COMMAND
                                                        the same, this node writing PIDFILE
          --alarm NAME KIND:ARGS                        declare an alarm: cmd:COMMAND (message on stdin),
                                                        log:PREFIX or signal:N
          --alarm-freq SECONDS                          skip a repeated alarm message this long (default 3)
          --multicast-ttl N, --multicast-loop 0|1       multicast announces (default 1, on)
          --stats ADDR                                  serve uWSGI-compatible stats JSON on HOST:PORT (TCP)
          --ini FILE                                    read the [uwsgi] section of a uWSGI ini file

        Extensions (not in uWSGI):
          --legion-action-timeout DURATION              kill an action running longer (default 60s)
          --legion-signal-handler N ACTION              run ACTION when an action raises signal N
                                                        (commands see LEGION_SIGNAL=N)
          ADDR [IPV6]:PORT                              UDP over IPv6 (uWSGI 2.0 legions cannot speak it)
          --legion-secret-next NAME SECRET              also accept announces sealed with SECRET (key rotation)
          --legion-lord-lease NAME DURATION             a Lord without an agreeing quorum that long steps down
          --legion-version NAME VERSION                 announce an application version (version fencing)
          --legion-outdated NAME ACTION                 run ACTION when a member announces a higher version
          --legion-outdated-leave NAME                  leave the legion when outdated; the host then exits 3
          --legion-witness NAME DIR                     shared-storage witness against split brain
          --legion-forced-exit NAME ACTION              run ACTION when isolated from UDP and the witness
          --legion-health NAME [OPTIONS] CHECK          health-driven valor: while CHECK fails, announce a lower
                                                        valor, or valor 0 (arbiter, never Lord); repeatable.
                                                        CHECK (last): cmd:COMMAND (exit 0), tcp:HOST:PORT (connects),
                                                        http:URL (2xx); OPTIONS: interval=5s timeout=2s
                                                        penalty=N|ineligible (default ineligible) rise=2 fall=2
                                                        name=LABEL
          ciphers aes-256-gcm and chacha20-poly1305     authenticated mode (not uWSGI-compatible)
          --legion-max-members NAME N                   keep at most N members; refuse (and count) new ones
                                                        beyond (default 1024)
          durations accept units: 250ms, 1.5s, 2m

        Environment:
          LEGION_LOG_LEVEL   Verbose, Debug, Information (default), Warning, Error, Fatal

        Exit codes: 0 clean shutdown, 1 cannot run (e.g. address in use), 2 configuration error,
        3 left a legion as outdated (legion-outdated-leave).
        Ciphers: aes-128-cbc, aes-192-cbc, aes-256-cbc, bf-cbc, des-ede3-cbc, camellia-128-cbc,
        camellia-192-cbc, camellia-256-cbc, cast5-cbc (uWSGI-compatible).

        """;
}
