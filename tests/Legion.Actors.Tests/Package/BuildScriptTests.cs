using System.Text.RegularExpressions;

namespace Legion.Actors.Tests.Package;

/// <summary>
/// <c>build.sh</c> and its PowerShell twin <c>build.ps1</c> stay twins: the same verbs, the same answer to a verb they do
/// not know, and the README names those verbs. CI (<c>.ci/run</c>) also runs <c>pwsh ./build.ps1 build</c> and its
/// <c>test</c> verb on this class.
/// </summary>
[Trait("Category", "Process")]
public sealed partial class BuildScriptTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

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

    /// <summary>The verbs a usage line lists: <c>usage: ./build.sh build|test|bench [ARGS...]|...</c>.</summary>
    private static string[] UsageVerbs(string text) =>
        Usage().Match(text) is { Success: true } m
            ? m.Groups[1].Value.Split('|').Select(v => v.Replace("[ARGS...]", "", StringComparison.Ordinal).Trim()).Order(StringComparer.Ordinal).ToArray()
            : throw new InvalidOperationException($"no usage line in: {text}");

    [Fact]
    public void Both_scripts_handle_the_same_verbs_and_the_readme_names_them_all()
    {
        var sh = File.ReadAllText(Path.Combine(Root, "build.sh"));
        var ps1 = File.ReadAllText(Path.Combine(Root, "build.ps1"));
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        var shVerbs = ShellCaseArm().Matches(sh).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();
        var ps1Verbs = PowerShellSwitchArm().Matches(ps1).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();
        var readmeVerbs = ReadmeVerbs().Match(readme) is { Success: true } sentence
            ? Regex.Matches(sentence.Groups[1].Value, "`([a-z]+)").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray()
            : [];

        Assert.Equal(["bench", "build", "clean", "deps", "native", "run", "test"], shVerbs);
        Assert.Equal(shVerbs, ps1Verbs);
        Assert.Equal(shVerbs, UsageVerbs(sh));
        Assert.Equal(shVerbs, UsageVerbs(ps1));
        Assert.Equal(shVerbs, readmeVerbs);
    }

    [Fact]
    public void Both_scripts_refuse_a_verb_they_do_not_know_with_exit_code_2_and_the_same_usage()
    {
        var pwsh = FindPowerShell();
        var (shCode, shOutput) = Run(Path.Combine(Root, "build.sh"), "frobnicate");
        var (ps1Code, ps1Output) = Run(pwsh, "-NoProfile", "-File", Path.Combine(Root, "build.ps1"), "frobnicate");

        Assert.Equal(2, shCode);
        Assert.Equal(2, ps1Code);
        Assert.Equal(UsageVerbs(shOutput), UsageVerbs(ps1Output));
        Assert.DoesNotContain("Write-Error", ps1Output, StringComparison.Ordinal);
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        using var process = new ChildProcess(file, arguments, workingDirectory: Root);
        int code = process.WaitForExit(Deadline);
        return (code, process.Output);
    }

    /// <summary>pwsh on PATH or where <c>dotnet tool install -g</c> puts it (<c>build.sh deps</c> and <c>.ci/run</c> install it).</summary>
    private static string FindPowerShell()
    {
        var places = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return places.Select(p => Path.Combine(p, "pwsh")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("pwsh not found: ./build.sh deps installs it (dotnet tool install -g PowerShell --version 7.6.9)");
    }

    [GeneratedRegex(@"usage: \./build\.(?:sh|ps1) ((?:[a-z]+(?: \[ARGS\.\.\.\])?\|)*[a-z]+)")]
    private static partial Regex Usage();

    [GeneratedRegex(@"^  ([a-z]+)\)$", RegexOptions.Multiline)]
    private static partial Regex ShellCaseArm();

    [GeneratedRegex(@"^    ""([a-z]+)"" \{", RegexOptions.Multiline)]
    private static partial Regex PowerShellSwitchArm();

    [GeneratedRegex(@"`\./build\.sh` has\s+the\s+verbs (.+?);", RegexOptions.Singleline)]
    private static partial Regex ReadmeVerbs();
}
