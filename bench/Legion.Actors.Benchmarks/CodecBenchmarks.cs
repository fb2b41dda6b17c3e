using BenchmarkDotNet.Attributes;
using Legion.Actors.Protocol;

namespace Legion.Actors.Benchmarks;

/// <summary>
/// One announce sealed (encode + encrypt + header) and opened (header checks + decrypt + decode + legion check) per
/// cipher, on a typical announce (a 16-byte scroll, as uWSGI 2.0 sends every heartbeat). Allocations per datagram
/// come from BenchmarkDotNet's memory diagnoser. <see cref="OpenReader"/> is what a running node does per datagram
/// received (the transport's <see cref="LegionDatagramReader"/>, warm: the same sender every time); <see cref="Open"/>
/// is the stateless API.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private ILegionCipher _cipher = null!;
    private Announce _announce = null!;
    private byte[] _datagram = [];
    private LegionDatagramReader _reader = null!;

    /// <summary>Every cipher this library speaks (uWSGI's CBC ciphers and the two authenticated ones).</summary>
    public static IEnumerable<string> Ciphers => CipherSuites.Supported;

    /// <summary>The cipher measured.</summary>
    [ParamsSource(nameof(Ciphers))]
    public string Cipher { get; set; } = "aes-128-cbc";

    /// <summary>Builds the cipher, the announce and one sealed datagram to open.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cipher = LegionCipher.Create(Cipher, "bench-secret", null, "bench");
        _announce = new Announce
        {
            Legion = "bench",
            Valor = 100,
            Unix = 1_763_700_000,
            Lord = 1_763_699_000,
            Name = "node-1.example",
            Pid = 4242,
            Uuid = "5f1a3c8e-0b7d-4e2a-9c61-2d4b8e7f0a13",
            Checksum = 123456,
            LordValor = 300,
            LordUuid = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            Scroll = "role=web;zone=a"u8.ToArray(),
        };
        _datagram = LegionDatagram.Seal(_announce, _cipher);
        _reader = new LegionDatagramReader("bench");
        _reader.TryOpen(_datagram, _cipher, out _, out _);
    }

    /// <summary>Encode + encrypt + header: what a node does per announce sent.</summary>
    [Benchmark]
    public byte[] Seal() => LegionDatagram.Seal(_announce, _cipher);

    /// <summary>Header checks + decrypt + decode + legion name check: what a node does per announce received.</summary>
    [Benchmark]
    public Announce? Open()
    {
        LegionDatagram.TryOpen(_datagram, _cipher, "bench", out var announce, out _);
        return announce;
    }

    /// <summary>The same work through a warm <see cref="LegionDatagramReader"/>: what the node's transport does per announce received.</summary>
    [Benchmark]
    public Announce? OpenReader()
    {
        _reader.TryOpen(_datagram, _cipher, out var announce, out _);
        return announce;
    }
}
