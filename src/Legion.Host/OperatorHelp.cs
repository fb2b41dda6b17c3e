namespace Legion.Host;

/// <summary>The operator commands' part of <c>legion --help</c> (each command has its own <c>--help</c>).</summary>
internal static class OperatorHelp
{
    public const string Usage = """
        Host options (not uWSGI's; command line only):
          --control PORT|HOST:PORT                      control endpoint, live status page, /health probes and /metrics over
                                                        HTTP (default host 127.0.0.1)
          --control-token-file FILE                     token required by the control endpoint (or LEGION_CONTROL_TOKEN);
                                                        mandatory when --control binds anything but loopback; without one,
                                                        changes need a token the node writes to a file only its user reads
          --control-allowed-hosts NAME[,NAME...]        host names the control endpoint answers to besides localhost and
                                                        IP addresses (Host header; defeats DNS rebinding)
          --otlp-endpoint URL                           export the Legion meter over OTLP (or OTEL_EXPORTER_OTLP_ENDPOINT)
          --log-config FILE                             JSON file with a Serilog section: sinks and levels (or LEGION_LOG_CONFIG);
                                                        not in the native host
          --node-name NAME                              name to announce instead of the host name

        Operator commands (legion COMMAND --help for details):
          legion status ADDR...                         one table per legion from many nodes' stats (ours and uWSGI's);
                                                        flags different Lords and checksum mismatches (exit 1)
          legion status --watch [--interval 1s] ADDR... the same, redrawn as the legion changes, until Ctrl-C (exit 0)
          legion step-down ADDR [--for 60s] [--force]   the Lord hands lordship over (ADDR: a node's --control; the token
                                                        comes from --token, --token-file, LEGION_CONTROL_TOKEN or, for a
                                                        node on this machine, the file it wrote)
          legion set-valor ADDR N|+N|-N                 set, raise or lower a node's valor at run time
          legion set-scroll ADDR TEXT                   replace a node's scroll
          legion check-config FILE                      validate an ini or JSON configuration without starting

        """;
}
