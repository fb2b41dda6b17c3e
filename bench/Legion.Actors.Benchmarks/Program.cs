using BenchmarkDotNet.Running;
using Legion.Actors.Benchmarks;

// Printed figures, not assertions. The side-by-side run with uWSGI (writes bench/RESULTS.md):
//   dotnet run -c Release --project bench/Legion.Actors.Benchmarks -- compare [--quick] [--trials N] [--only PARTS]
// Each topic has its own file; a plain mode is named by its first argument,
// anything else goes to BenchmarkDotNet:
//   dotnet run -c Release --project bench/Legion.Actors.Benchmarks -- simulation-throughput
//   dotnet run -c Release --project bench/Legion.Actors.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == Legion.Actors.Benchmarks.Comparison.CompareCommand.Command)
{
    return await Legion.Actors.Benchmarks.Comparison.CompareCommand.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == Legion.Actors.Benchmarks.Comparison.FloodSender.Command)
{
    return Legion.Actors.Benchmarks.Comparison.FloodSender.Run(args[1..]);
}
if (args.Length > 0 && args[0] == SimulationThroughput.Command)
{
    SimulationThroughput.Run(args[1..]);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(SimulationThroughput).Assembly).Run(args);
return 0;
