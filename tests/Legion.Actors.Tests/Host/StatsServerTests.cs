using System.Net.Sockets;
using System.Text;
using Legion.Host;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Tests.Host;

/// <summary>The uWSGI-compatible stats server over real TCP, against a flood of clients.</summary>
public sealed class StatsServerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_flood_of_clients_is_served_a_bounded_number_at_a_time_and_every_client_gets_its_document()
    {
        const int clients = 100;
        int inFlight = 0, most = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = StatsServer.Start("127.0.0.1:0", async ct =>
        {
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            try
            {
                await gate.Task.WaitAsync(ct);
                return Encoding.UTF8.GetBytes("{\"legions\":[]}");
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }, NullLogger.Instance);

        var connections = new List<TcpClient>();
        try
        {
            for (int i = 0; i < clients; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(server.LocalEndPoint);
                connections.Add(client);
            }
            await Eventually.Until("the server is busy with as many clients as it serves at once",
                _ => Task.FromResult(Volatile.Read(ref inFlight)), n => n >= StatsServer.MaxClients, Deadline, () => $"in flight: {inFlight}");
            Assert.Equal(StatsServer.MaxClients, Volatile.Read(ref most));

            gate.SetResult();
            var documents = await Task.WhenAll(connections.Select(async c =>
            {
                using var reader = new StreamReader(c.GetStream());
                return await reader.ReadToEndAsync().WaitAsync(Deadline);
            }));

            Assert.All(documents, d => Assert.Equal("{\"legions\":[]}", d));
            Assert.True(most <= StatsServer.MaxClients, $"{most} clients were served at once");
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
