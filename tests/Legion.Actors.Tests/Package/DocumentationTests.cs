using System.Text.RegularExpressions;

namespace Legion.Actors.Tests.Package;

/// <summary>
/// The design a contributor reads lives in the repository (<c>docs/DESIGN.md</c>) and follows the code: every file the
/// README or the design points at exists inside the repository, and the design names every actor and every type of the
/// Akka.NET runtime layer, so adding one without documenting it fails here.
/// </summary>
public sealed partial class DocumentationTests
{
    private static string Root
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

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/DESIGN.md")]
    public void Every_document_it_points_at_is_a_file_inside_the_repository(string document)
    {
        var path = Path.Combine(Root, document);
        var text = File.ReadAllText(path);
        var targets = MarkdownLink().Matches(text).Select(m => m.Groups[1].Value)
            .Concat(CodeSpanDocument().Matches(text).Select(m => m.Groups[1].Value))
            // artifacts/ holds what test and bench runs write, not documents of the repository.
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#') && !t.StartsWith("artifacts/", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        foreach (var target in targets)
        {
            // Relative to the document, as a Markdown renderer resolves a link, or else to the repository root.
            var candidates = new[] { Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target.Split('#')[0])), Path.GetFullPath(Path.Combine(Root, target.Split('#')[0])) };
            Assert.True(candidates.Any(c => c.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && (File.Exists(c) || Directory.Exists(c))),
                $"{document} points at '{target}', which is not a file inside the repository");
        }
    }

    [Fact]
    public void The_design_names_every_actor_and_every_runtime_type()
    {
        var design = File.ReadAllText(Path.Combine(Root, "docs", "DESIGN.md"));
        var actors = Directory.GetFiles(Path.Combine(Root, "src", "Legion.Actors", "Actors"), "*.cs")
            .SelectMany(f => Actor().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();
        var runtime = Directory.GetFiles(Path.Combine(Root, "src", "Legion.Actors", "Runtime"), "*.cs").Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.Contains("LegionSupervisor", actors);
        Assert.All(actors.Concat(runtime), name => Assert.True(design.Contains(name!, StringComparison.Ordinal), $"docs/DESIGN.md does not name {name}"));
        var akka = AkkaVersion().Match(File.ReadAllText(Path.Combine(Root, "Directory.Packages.props"))).Groups[1].Value;
        Assert.Contains($"Akka.NET {akka}", design); // the runtime it describes is the one the build uses
    }

    [GeneratedRegex(@"<PackageVersion Include=""Akka"" Version=""([^""]+)""")]
    private static partial Regex AkkaVersion();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"`((?:\.\./|\./)?[\w./-]+\.md)`")]
    private static partial Regex CodeSpanDocument();

    [GeneratedRegex(@"class (\w+)\s*(?:\([^)]*\))?\s*:\s*(?:ReceiveActor|UntypedActor|ActorBase)\b")]
    private static partial Regex Actor();
}
