using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Legion.Actors.Protocol;

namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>
/// The flood sender process (<c>flood-send HOST:PORT RATE SECONDS</c>): valid announces of the bench legion from 10
/// made-up members (valor 1..10, below any bench node), re-sealed every second with a fresh timestamp, paced in
/// 1 ms slices at RATE datagrams per second. Prints <c>sent N</c> at the end.
/// </summary>
public static class FloodSender
{
    /// <summary>The first argument selecting this mode.</summary>
    public const string Command = "flood-send";

    /// <summary>Runs the sender.</summary>
    public static int Run(string[] args)
    {
        var target = IPEndPoint.Parse(args[0]);
        int rate = int.Parse(args[1], CultureInfo.InvariantCulture);
        double seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(target);
        var cipher = LegionCipher.Create("aes-128-cbc", NodeSpec.Secret, null, "bench");
        var members = Enumerable.Range(1, 10).Select(i => new Announce
        {
            Legion = "bench",
            Valor = (ulong)i,
            Unix = 0,
            Name = $"flood-{i}",
            Pid = 1000 + i,
            Uuid = $"00000000-0000-4000-8000-{i:D12}",
        }).ToArray();
        byte[][] datagrams = [];
        long sealedFor = -1;
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var total = TimeSpan.FromSeconds(seconds);
        while (clock.Elapsed < total)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (now != sealedFor)
            {
                datagrams = members.Select(m => LegionDatagram.Seal(m with { Unix = now }, cipher)).ToArray();
                sealedFor = now;
            }
            long due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (sent < due)
            {
                socket.Send(datagrams[sent % datagrams.Length]);
                sent++;
            }
            Thread.Sleep(1); // pacing slice of a separate sender process: the due count catches up whatever the sleep lasted
        }
        Console.WriteLine($"sent {sent}");
        return 0;
    }
}
