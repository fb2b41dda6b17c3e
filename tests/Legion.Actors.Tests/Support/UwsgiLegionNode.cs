using System.Net;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// A real uWSGI node in one legion, on loopback, with its stats server; ready once its stats list
/// the legion. Disposing kills it and removes its temporary files.
/// </summary>
public sealed class UwsgiLegionNode : IAsyncDisposable
{
    private const int StartAttempts = 3;

    // bf-cbc (and cast5-cbc) live in OpenSSL 3's legacy provider, which uWSGI never loads by itself.
    private const string OpenSslConfig = """
        openssl_conf = openssl_init
        [openssl_init]
        providers = provider_sect
        [provider_sect]
        default = default_sect
        legacy = legacy_sect
        [default_sect]
        activate = 1
        [legacy_sect]
        activate = 1
        """;

    private readonly DirectoryInfo directory;

    private UwsgiLegionNode(UwsgiLegionConfig config, UwsgiProcess process, IPEndPoint legionEndPoint, IPEndPoint statsEndPoint, DirectoryInfo directory)
    {
        Config = config;
        Process = process;
        LegionEndPoint = legionEndPoint;
        StatsEndPoint = statsEndPoint;
        this.directory = directory;
    }

    /// <summary>The legion configuration the node runs.</summary>
    public UwsgiLegionConfig Config { get; }

    /// <summary>The uwsgi process (its pid is the pid uWSGI announces).</summary>
    public UwsgiProcess Process { get; }

    /// <summary>Where uWSGI receives announces for the legion.</summary>
    public IPEndPoint LegionEndPoint { get; }

    /// <summary>Where uWSGI serves its stats JSON.</summary>
    public IPEndPoint StatsEndPoint { get; }

    /// <summary>
    /// Starts uWSGI and waits (up to <paramref name="readyWithin"/>, default 15 s) until its stats list
    /// the legion. If uWSGI exits while starting, most likely because another process took one of
    /// the ports found free, or its stats server does not answer in time, it retries with new ports, up to 3 times.
    /// </summary>
    /// <param name="config">The legion.</param>
    /// <param name="readyWithin">How long to wait for the stats; default 15 s.</param>
    /// <param name="legionEndPoint">
    /// The legion address to bind, when peers must know it before this node starts (a mesh of several nodes); null to
    /// pick a free one. A fixed address is tried once: no retry with other ports.
    /// </param>
    /// <exception cref="InvalidOperationException">uWSGI did not come up; the message holds its output.</exception>
    public static async Task<UwsgiLegionNode> StartAsync(UwsgiLegionConfig config, TimeSpan? readyWithin = null, IPEndPoint? legionEndPoint = null)
    {
        string failures = "";
        for (int attempt = 1; attempt <= (legionEndPoint is null ? StartAttempts : 1); attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("legion-uwsgi-");
            string openSslConf = Path.Combine(directory.FullName, "openssl.cnf");
            await File.WriteAllTextAsync(openSslConf, OpenSslConfig);
            IPEndPoint legion = legionEndPoint ?? LoopbackPorts.FreeUdp();
            IPEndPoint stats = LoopbackPorts.FreeTcp();
            var process = UwsgiProcess.Start(config.ToArguments(legion, stats), new Dictionary<string, string> { ["OPENSSL_CONF"] = openSslConf });
            var node = new UwsgiLegionNode(config, process, legion, stats, directory);
            try
            {
                await Eventually.Until(
                    $"uWSGI serves stats listing legion '{config.Legion}'",
                    async token => process.HasExited ? null : await UwsgiStats.ReadAsync(stats, token),
                    snapshot => process.HasExited || snapshot?.Legions.Any(l => l.Legion == config.Legion) == true,
                    readyWithin ?? TimeSpan.FromSeconds(15),
                    process.Describe);
                if (!process.HasExited)
                {
                    return node;
                }
            }
            catch (TimeoutException error)
            {
                // Seen in CI (bf-cbc, 2026-11-21): uWSGI up, Lord of its legion, yet its stats server never answered
                // within 15 s. That is the peer failing to start, not the behaviour under test: start it afresh.
                failures += $"\n--- attempt {attempt}: {error.Message} ---";
                await node.DisposeAsync();
                if (attempt == (legionEndPoint is null ? StartAttempts : 1))
                {
                    throw new InvalidOperationException($"uWSGI did not serve its stats:{failures}", error);
                }
                continue;
            }

            failures += $"\n--- attempt {attempt} ---\n{process.Describe()}";
            await node.DisposeAsync();
        }

        throw new InvalidOperationException($"uWSGI exited while starting:{failures}");
    }

    /// <summary>Reads the stats document now.</summary>
    public Task<UwsgiStatsSnapshot> ReadStatsAsync(CancellationToken cancellationToken = default) =>
        UwsgiStats.ReadAsync(StatsEndPoint, cancellationToken);

    /// <summary>Reads this node's legion from its stats now.</summary>
    public async Task<UwsgiLegionStats> ReadLegionAsync(CancellationToken cancellationToken = default) =>
        (await ReadStatsAsync(cancellationToken)).Legion(Config.Legion);

    /// <summary>The process description (command line, state, output), for failure messages.</summary>
    public string Describe() => Process.Describe();

    /// <summary>Kills uWSGI and deletes the temporary directory.</summary>
    public ValueTask DisposeAsync()
    {
        Process.Dispose();
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never mask the test's own outcome.
        }

        return ValueTask.CompletedTask;
    }
}
