using BenchmarkDotNet.Running;
using Legion.Actors.Benchmarks;

// Printed figures, not assertions. Each topic has its own file; a plain mode is named by its first argument,
// anything else goes to BenchmarkDotNet:
//   dotnet run -c Release --project bench/Legion.Actors.Benchmarks -- simulation-throughput
//   dotnet run -c Release --project bench/Legion.Actors.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == SimulationThroughput.Command)
{
    SimulationThroughput.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SimulationThroughput).Assembly).Run(args);
