using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Package;

/// <summary>
/// The Legion.Actors NuGet package as a user gets it: packed from this build, restored from a local folder feed (its
/// dependencies from the registry), and the README's sample built and run against it.
/// </summary>
[Trait("Category", "Package")]
public sealed partial class NuGetPackageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static string Repo
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Legion.Actors.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>The configuration this test assembly was built in (the library was built in the same one).</summary>
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    private static string GlobalPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private string Dotnet(string workingDirectory, params string[] args)
    {
        using var process = new ChildProcess("dotnet", args, new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" }, workingDirectory);
        int code = process.WaitForExit(Slow);
        output.WriteLine($"$ dotnet {string.Join(' ', args)} (exit {code})");
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} failed ({code}):\n{process.Output}");
        return process.Output;
    }

    [Fact]
    public void The_README_sample_built_against_the_packed_package_becomes_Lord_and_stops_its_lord_only_work_on_step_down()
    {
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var work = Directory.CreateTempSubdirectory("legion-package-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            Dotnet(Repo, "pack", Path.Combine(Repo, "src", "Legion.Actors", "Legion.Actors.csproj"), "-c", Configuration, "--no-build", "-o", feed, $"-p:Version={version}");

            var package = Path.Combine(feed, $"Legion.Actors.{version}.nupkg");
            using (var zip = ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("README.md", entries);
                Assert.Contains("lib/net10.0/Legion.Actors.dll", entries);
                Assert.Contains("lib/net10.0/Legion.Actors.xml", entries);
                using var dll = new MemoryStream();
                zip.GetEntry("lib/net10.0/Legion.Actors.dll")!.Open().CopyTo(dll);
                dll.Position = 0;
                using var pe = new PEReader(dll);
                Assert.Contains(pe.ReadDebugDirectory(), e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
                using var reader = new StreamReader(zip.GetEntry("Legion.Actors.nuspec")!.Open());
                Assert.Matches("<repository type=\"git\"[^>]* commit=\"[0-9a-f]{40}\"", reader.ReadToEnd());
            }

            var sample = CopySample("LordlyConsole", work.FullName, feed);
            Assert.Equal(File.ReadAllText(Path.Combine(sample, "Program.cs")).ReplaceLineEndings(), ReadmeSample().ReplaceLineEndings());
            Dotnet(sample, "build", "-c", "Release", $"-p:LegionActorsVersion={version}");

            var port = LoopbackPorts.FreeUdp().Port;
            using var app = new ChildProcess("dotnet",
                [Path.Combine(sample, "bin", "Release", "net10.0", "LordlyConsole.dll"), $"--Legion:Legions:0:Address=127.0.0.1:{port}", "--Legion:Frequency=250ms", "--Legion:Tolerance=1s"],
                workingDirectory: Path.Combine(sample, "bin", "Release", "net10.0"), keepInput: true);
            app.WaitForLine("I am now the Lord of legion sample (valor 90)", Deadline);
            app.WaitForLine("lord-only work started", Deadline);
            app.WriteLine("step-down");
            app.WaitForLine("I am no longer the Lord of legion sample", Deadline);
            app.WaitForLine("lord-only work stopped", Deadline);
            app.WaitForLine("step-down: stepped down for 60s", Deadline);
            app.WriteLine("quit");
            Assert.Equal(0, app.WaitForExit(Deadline));
            output.WriteLine(app.Output);
        }
        finally
        {
            TryDelete(work.FullName);
            TryDelete(Path.Combine(GlobalPackages, "legion.actors", version));
        }
    }

    [Fact]
    public void The_Akka_Hosting_sample_built_against_the_packed_package_runs_its_lord_only_actor_on_one_of_two_instances_and_moves_it_when_that_one_is_killed()
    {
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}.akka";
        var work = Directory.CreateTempSubdirectory("legion-akka-sample-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            Dotnet(Repo, "pack", Path.Combine(Repo, "src", "Legion.Actors", "Legion.Actors.csproj"), "-c", Configuration, "--no-build", "-o", feed, $"-p:Version={version}");
            var sample = CopySample("LordlyAkka", work.FullName, feed);
            Dotnet(sample, "build", "-c", "Release", $"-p:LegionActorsVersion={version}");

            var (portA, portB) = (LoopbackPorts.FreeUdp().Port, LoopbackPorts.FreeUdp().Port);
            var bin = Path.Combine(sample, "bin", "Release", "net10.0");
            ChildProcess Instance(string name, int self, int peer, int valor) => new("dotnet",
                [Path.Combine(bin, "LordlyAkka.dll"), "--name", name, $"--Legion:Legions:0:Address=127.0.0.1:{self}", $"--Legion:Legions:0:Nodes:0=127.0.0.1:{peer}",
                    $"--Legion:Legions:0:Valor={valor}"], workingDirectory: bin);
            using var a = Instance("a", portA, portB, 90);
            using var b = Instance("b", portB, portA, 50);
            a.WaitForLine("a: ReportScheduler started", Deadline);
            b.WaitForLine(l => l.StartsWith("b: the Lord of reports is now", StringComparison.Ordinal) && l.EndsWith("(valor 90)", StringComparison.Ordinal), Deadline);
            // Both in one legion for a few heartbeats: the lord-only actor runs on the Lord alone.
            Thread.Sleep(TimeSpan.FromSeconds(1));
            Assert.DoesNotContain("b: ReportScheduler started", b.Output);

            var killed = System.Diagnostics.Stopwatch.StartNew();
            a.Signal(Signals.SIGKILL);
            b.WaitForLine("b: ReportScheduler started", Deadline);
            output.WriteLine($"SAMPLE-MOVE ms={killed.ElapsedMilliseconds} (freq 250ms, tolerance 1s)");
            Assert.Contains(b.Output.Split('\n'), l => l.StartsWith("b: the Lord of reports is now", StringComparison.Ordinal) && l.EndsWith("(valor 50), this instance", StringComparison.Ordinal));

            b.Signal(Signals.SIGTERM);
            Assert.Equal(0, b.WaitForExit(Deadline));
            Assert.Contains("b: ReportScheduler stopped", b.Output);
            output.WriteLine(a.Output);
            output.WriteLine(b.Output);
        }
        finally
        {
            TryDelete(work.FullName);
            TryDelete(Path.Combine(GlobalPackages, "legion.actors", version));
        }
    }

    [Fact]
    public void The_TestKit_package_runs_the_README_TestKit_example_in_a_users_test_project_and_the_main_package_carries_no_test_code()
    {
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}.testkit";
        var work = Directory.CreateTempSubdirectory("legion-testkit-package-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            foreach (var packed in new[] { "Legion.Actors", "Legion.Actors.TestKit" })
            {
                Dotnet(Repo, "pack", Path.Combine(Repo, "src", packed, packed + ".csproj"), "-c", Configuration, "--no-build", "-o", feed, $"-p:Version={version}");
            }

            var main = Path.Combine(feed, $"Legion.Actors.{version}.nupkg");
            var kit = Path.Combine(feed, $"Legion.Actors.TestKit.{version}.nupkg");
            var mainNuspec = NuspecOf(main);
            Assert.DoesNotContain("xunit", mainNuspec, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Akka.TestKit", mainNuspec, StringComparison.Ordinal);
            Assert.DoesNotContain(TypeNamespacesOf(main, "lib/net10.0/Legion.Actors.dll"), n => n.Contains("TestKit", StringComparison.Ordinal));
            var kitNuspec = NuspecOf(kit, "Legion.Actors.TestKit.nuspec");
            Assert.Contains($"<dependency id=\"Legion.Actors\" version=\"{version}\"", kitNuspec);
            Assert.Contains("<dependency id=\"Akka.TestKit.Xunit2\" version=\"1.5.74\"", kitNuspec);
            Assert.Contains("<license type=\"expression\">MIT</license>", kitNuspec);
            Assert.Contains("Legion.Actors.TestKit", TypeNamespacesOf(kit, "lib/net10.0/Legion.Actors.TestKit.dll"));

            // A user's test project: the README's TestKit example, as is, against the packed packages.
            var project = Directory.CreateDirectory(Path.Combine(work.FullName, "MyService.Tests")).FullName;
            WriteNugetConfig(project, feed);
            File.WriteAllText(Path.Combine(project, "MyService.Tests.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <IsPackable>false</IsPackable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Legion.Actors.TestKit" Version="{version}" />
                    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{PackageVersionOf("Microsoft.NET.Test.Sdk")}" />
                    <PackageReference Include="xunit.runner.visualstudio" Version="{PackageVersionOf("xunit.runner.visualstudio")}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "InvoicerPartitionTests.cs"),
                File.ReadAllText(Path.Combine(Repo, "tests", "Legion.Actors.Tests", "Simulation", "ReadmePartitionExample.cs"))
                    .Replace("namespace Legion.Actors.Tests.Simulation;", "namespace MyService.Tests;", StringComparison.Ordinal));

            var run = Dotnet(project, "test", "-c", "Release");

            Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+1,", run);
            Assert.DoesNotContain("warning NU1603", run, StringComparison.Ordinal);
        }
        finally
        {
            TryDelete(work.FullName);
            TryDelete(Path.Combine(GlobalPackages, "legion.actors", version));
            TryDelete(Path.Combine(GlobalPackages, "legion.actors.testkit", version));
        }
    }

    [Fact]
    public void The_package_documents_its_public_API_and_nothing_internal()
    {
        var work = Directory.CreateTempSubdirectory("legion-docs-");
        try
        {
            Dotnet(Repo, "pack", Path.Combine(Repo, "src", "Legion.Actors", "Legion.Actors.csproj"), "-c", Configuration, "--no-build", "-o", work.FullName);
            using var zip = ZipFile.OpenRead(Directory.GetFiles(work.FullName, "Legion.Actors.*.nupkg").Single());
            using var reader = new StreamReader(zip.GetEntry("lib/net10.0/Legion.Actors.xml")!.Open());
            var ids = System.Xml.Linq.XDocument.Load(reader).Descendants("member").Select(m => (string)m.Attribute("name")!).ToList();
            var assembly = typeof(Legion.Actors.Hosting.LegionNode).Assembly;

            // Judged by reflection on the library this test runs with, not by the metadata reader that filtered the file.
            var hidden = ids.Where(id => !DocumentsVisibleApi(assembly, id)).ToList();

            Assert.True(hidden.Count == 0, "documented but not visible to a user: " + string.Join(", ", hidden.Take(10)));
            Assert.Contains("T:Legion.Actors.Hosting.LegionNode", ids);
            Assert.Contains("M:Legion.Actors.Hosting.LegionNode.StepDownAsync(System.String,System.Nullable{System.TimeSpan},System.Boolean,System.Threading.CancellationToken)", ids);
            Assert.DoesNotContain(ids, id => id.StartsWith("T:Legion.Actors.Actors.ElectionActor", StringComparison.Ordinal));
            Assert.DoesNotContain(ids, id => id.StartsWith("M:Legion.Actors.Model.ClaimFence.", StringComparison.Ordinal));
            var publicTypes = assembly.GetExportedTypes().Where(t => !t.FullName!.Contains('<', StringComparison.Ordinal)) // compiler-generated extension groupings
                .Select(t => "T:" + t.FullName!.Replace('+', '.')).ToList();
            Assert.All(publicTypes, t => Assert.Contains(t, ids));
        }
        finally
        {
            TryDelete(work.FullName);
        }
    }

    /// <summary>True when a doc ID names a type a user sees, or a public or protected member of one.</summary>
    private static bool DocumentsVisibleApi(System.Reflection.Assembly assembly, string id)
    {
        const System.Reflection.BindingFlags All = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic
            | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly;
        Type? TypeOf(string path)
        {
            // Nested types: "Outer.Inner" in a doc ID, "Outer+Inner" to reflection.
            var name = path;
            while (true)
            {
                if (assembly.GetType(name) is { } type)
                {
                    return type;
                }
                var dot = name.LastIndexOf('.');
                if (dot < 0)
                {
                    return null;
                }
                name = name[..dot] + "+" + name[(dot + 1)..];
            }
        }

        var path = id[2..];
        if (id[0] == 'T')
        {
            return TypeOf(path) is { IsVisible: true };
        }
        var end = path.IndexOf('(', StringComparison.Ordinal);
        path = end < 0 ? path : path[..end];
        var generic = path.IndexOf("``", StringComparison.Ordinal);
        path = generic < 0 ? path : path[..generic];
        var grouping = path.IndexOf(".<G>$", StringComparison.Ordinal);
        var owner = grouping >= 0 ? path[..grouping] : path[..path.LastIndexOf('.')];
        var name = path[(path.LastIndexOf('.') + 1)..].Replace('#', '.');
        if (TypeOf(owner) is not { IsVisible: true } declaring)
        {
            return false;
        }
        var names = grouping >= 0 ? new[] { name, "get_" + name, "set_" + name } : [name];
        return declaring.GetMembers(All).Where(m => names.Contains(m.Name)).Any(m => m switch
        {
            System.Reflection.MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
            System.Reflection.FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
            System.Reflection.PropertyInfo property => property.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
            System.Reflection.EventInfo ev => ev.AddMethod is { } add && (add.IsPublic || add.IsFamily || add.IsFamilyOrAssembly),
            _ => false,
        });
    }

    [Fact]
    public void SourceLink_maps_the_sources_to_the_repository_remote_at_the_packed_commit()
    {
        // A clone with a GitHub remote (this checkout may have none): SourceLink needs no network, only the remote.
        var clone = Directory.CreateTempSubdirectory("legion-sourcelink-");
        try
        {
            RunGit(Repo, "clone", "--quiet", "--no-checkout", Repo, clone.FullName);
            RunGit(clone.FullName, "checkout", "--quiet", RunGit(Repo, "rev-parse", "HEAD").Trim());
            RunGit(clone.FullName, "remote", "set-url", "origin", "https://github.com/example/legion-actors.git");
            // The packaging settings under test are this checkout's, committed or not.
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "src/Package.targets", "src/Legion.Actors/Legion.Actors.csproj", "src/Legion.Actors/README.md",
                "tools/Legion.PublicDocs/Legion.PublicDocs.csproj", "tools/Legion.PublicDocs/Program.cs" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(clone.FullName, file))!);
                File.Copy(Path.Combine(Repo, file), Path.Combine(clone.FullName, file), overwrite: true);
            }
            var commit = RunGit(clone.FullName, "rev-parse", "HEAD").Trim();
            Dotnet(clone.FullName, "build", "src/Legion.Actors/Legion.Actors.csproj", "-c", "Release");

            var map = SourceLinkOf(Path.Combine(clone.FullName, "src", "Legion.Actors", "bin", "Release", "net10.0", "Legion.Actors.dll"));
            var feed = Directory.CreateDirectory(Path.Combine(clone.FullName, "feed")).FullName;
            Dotnet(clone.FullName, "pack", "src/Legion.Actors/Legion.Actors.csproj", "-c", "Release", "--no-build", "-o", feed);
            var nuspec = NuspecOf(Directory.GetFiles(feed, "Legion.Actors.*.nupkg").Single());

            Assert.Contains($"https://raw.githubusercontent.com/example/legion-actors/{commit}/*", map);
            Assert.Contains("<projectUrl>https://github.com/example/legion-actors</projectUrl>", nuspec);
            Assert.Matches($"<repository type=\"git\" url=\"https://github.com/example/legion-actors[^\"]*\" commit=\"{commit}\"", nuspec);
        }
        finally
        {
            TryDelete(clone.FullName);
        }
    }

    [Fact]
    public void The_package_and_the_legion_host_carry_one_version_and_the_package_its_licence()
    {
        var prefix = VersionPrefix().Match(File.ReadAllText(Path.Combine(Repo, "Directory.Build.props")));
        Assert.True(prefix.Success, "Directory.Build.props sets no VersionPrefix");
        var work = Directory.CreateTempSubdirectory("legion-version-");
        try
        {
            Dotnet(Repo, "pack", Path.Combine(Repo, "src", "Legion.Actors", "Legion.Actors.csproj"), "-c", Configuration, "--no-build", "-o", work.FullName);
            var package = Directory.GetFiles(work.FullName, "Legion.Actors.*.nupkg").Single();
            var nuspec = NuspecOf(package);
            var (code, printed) = LegionHostProcess.Run(["--version"], Deadline);

            Assert.Equal(0, code);
            Assert.Equal($"Legion.Actors.{prefix.Groups[1].Value}.nupkg", Path.GetFileName(package));
            Assert.Contains($"<version>{prefix.Groups[1].Value}</version>", nuspec);
            Assert.Matches($@"^legion {Regex.Escape(prefix.Groups[1].Value)}\+[0-9a-f]{{40}}\s*$", printed);
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
            Assert.True(File.Exists(Path.Combine(Repo, "LICENSE")), "the licence the package names is in the repository");
        }
        finally
        {
            TryDelete(work.FullName);
        }
    }

    /// <summary>
    /// Copies samples/<paramref name="name"/> (project, Program.cs, appsettings.json) into <paramref name="work"/> with a
    /// nuget.config that finds Legion.Actors in <paramref name="feed"/>, as a user's project would; returns its folder.
    /// </summary>
    private static string CopySample(string name, string work, string feed)
    {
        var sample = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        foreach (var file in new[] { $"{name}.csproj", "Program.cs", "appsettings.json" })
        {
            File.Copy(Path.Combine(Repo, "samples", name, file), Path.Combine(sample, file));
        }
        WriteNugetConfig(sample, feed);
        return sample;
    }

    /// <summary>A nuget.config in <paramref name="directory"/> that finds this build's packages in <paramref name="feed"/> first.</summary>
    private static void WriteNugetConfig(string directory, string feed)
    {
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    private static string NuspecOf(string package, string nuspec = "Legion.Actors.nuspec")
    {
        using var zip = ZipFile.OpenRead(package);
        using var reader = new StreamReader(zip.GetEntry(nuspec)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The namespaces of the types an assembly inside a package defines.</summary>
    private static HashSet<string> TypeNamespacesOf(string package, string entry)
    {
        using var zip = ZipFile.OpenRead(package);
        using var dll = new MemoryStream();
        zip.GetEntry(entry)!.Open().CopyTo(dll);
        dll.Position = 0;
        using var pe = new PEReader(dll);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Select(t => metadata.GetString(metadata.GetTypeDefinition(t).Namespace)).ToHashSet();
    }

    /// <summary>The version Directory.Packages.props gives <paramref name="package"/>.</summary>
    private static string PackageVersionOf(string package)
    {
        var match = Regex.Match(File.ReadAllText(Path.Combine(Repo, "Directory.Packages.props")), $"<PackageVersion Include=\"{Regex.Escape(package)}\" Version=\"([^\"]+)\"");
        Assert.True(match.Success, $"Directory.Packages.props has no version of {package}");
        return match.Groups[1].Value;
    }

    private static string SourceLinkOf(string dll)
    {
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using var pe = new PEReader(File.OpenRead(dll));
        var entry = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var pdb = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
        var metadata = pdb.GetMetadataReader();
        return metadata.CustomDebugInformation
            .Select(metadata.GetCustomDebugInformation)
            .Where(c => metadata.GetGuid(c.Kind) == sourceLinkKind)
            .Select(c => Encoding.UTF8.GetString(metadata.GetBlobBytes(c.Value)))
            .SingleOrDefault() ?? "(no SourceLink map)";
    }

    private static string RunGit(string directory, params string[] args)
    {
        using var git = new ChildProcess("git", args, workingDirectory: directory);
        Assert.True(git.WaitForExit(Slow) == 0, $"git {string.Join(' ', args)} failed:\n{git.Output}");
        return git.Output;
    }

    /// <summary>The C# block that follows the sample marker in README.md.</summary>
    private static string ReadmeSample()
    {
        var readme = File.ReadAllText(Path.Combine(Repo, "README.md"));
        var match = SampleBlock().Match(readme);
        Assert.True(match.Success, "README.md has no sample block after <!-- sample: samples/LordlyConsole/Program.cs -->");
        return match.Groups[1].Value;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never mask the test's own outcome.
        }
    }

    [GeneratedRegex(@"<VersionPrefix>([^<]+)</VersionPrefix>")]
    private static partial Regex VersionPrefix();

    [GeneratedRegex(@"<!-- sample: samples/LordlyConsole/Program\.cs -->\s*```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SampleBlock();
}
