namespace Legion.Host;

/// <summary>The operator commands' part of <c>legion --help</c> (each command has its own <c>--help</c>).</summary>
internal static class OperatorHelp
{
    public const string Usage = """
        Host options (not uWSGI's; command line only):
          --control PORT|HOST:PORT                      control endpoint and live status page over HTTP (default host 127.0.0.1)
          --control-token-file FILE                     token required by the control endpoint (or LEGION_CONTROL_TOKEN);
                                                        mandatory when --control binds anything but loopback
          --otlp-endpoint URL                           export the Legion meter over OTLP (or OTEL_EXPORTER_OTLP_ENDPOINT)
          --log-config FILE                             JSON file with a Serilog section: sinks and levels (or LEGION_LOG_CONFIG);
                                                        not in the native host
          --node-name NAME                              name to announce instead of the host name

        Operator commands (legion COMMAND --help for details):
          legion status ADDR...                         one table per legion from many nodes' stats (ours and uWSGI's);
                                                        flags different Lords and checksum mismatches (exit 1)
          legion status --watch [--interval 1s] ADDR... the same, redrawn as the legion changes, until Ctrl-C (exit 0)
          legion step-down ADDR [--for 60s] [--force]   the Lord hands lordship over (ADDR: a node's --control)
          legion set-valor ADDR N|+N|-N                 set, raise or lower a node's valor at run time
          legion set-scroll ADDR TEXT                   replace a node's scroll
          legion check-config FILE                      validate an ini or JSON configuration without starting

        """;
}
