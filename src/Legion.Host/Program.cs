using System.Reflection;
using Legion.Host.Cli;

namespace Legion.Host;

/// <summary>
/// The <c>legion</c> executable. With uWSGI-style options (<c>legion --ini FILE</c>, <c>legion --legion "..."</c>)
/// it runs a node until SIGTERM or Ctrl-C (<see cref="NodeRunner"/>); with an operator command as its first
/// argument (<c>status</c>, <c>step-down</c>, <c>set-valor</c>, <c>set-scroll</c>, <c>check-config</c>) it runs
/// that command (<see cref="OperatorCli"/>).
/// Exit codes: 0 success (a clean shutdown), 2 a configuration or usage error (nothing started), 1 when the node
/// cannot run (an address in use, ...) or an operator command failed (unreachable node, refused request,
/// disagreeing legion), 3 when the node left a legion as outdated (<c>legion-outdated-leave</c>).
/// </summary>
internal static class Program
{
    public const int ExitOk = 0;
    public const int ExitCannotRun = 1;
    public const int ExitConfigError = 2;
    public const int ExitOutdated = 3;

    private static Task<int> Main(string[] args) =>
        OperatorCli.IsCommand(args) ? OperatorCli.RunAsync(args) : NodeRunner.RunAsync(args);

    internal static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
