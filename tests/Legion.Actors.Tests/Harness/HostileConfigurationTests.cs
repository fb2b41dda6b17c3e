using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Legion.Actors.Tests.Configuration;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// The malformed-configuration corpus (Configuration/MalformedConfigurationCorpusTests, one list for both) run
/// through the `legion` host as an operator would meet it: every case exits with code 2, prints a message naming
/// the source (<c>file:line</c> or <c>--option (argument N)</c>) and the problem, starts nothing, and never
/// shows the secret or the IV.
/// </summary>
[Trait("Category", "Process")]
public sealed class HostileConfigurationTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseNames => MalformedConfigurationCorpusTests.CaseNames;

    [Fact]
    public void The_corpus_the_host_is_run_against_has_at_least_fifty_malformed_configurations() =>
        Assert.True(MalformedConfigurationCorpusTests.Cases.Count >= 50, $"only {MalformedConfigurationCorpusTests.Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_host_exits_2_naming_the_source_and_the_problem_and_never_the_secret(string name)
    {
        var c = MalformedConfigurationCorpusTests.Cases[name];
        using var dir = new TempDirectory();
        var ini = Path.Combine(dir.Path, "bad.ini");
        // The corpus expects the parser's default action kinds; the host lists the kinds it actually runs.
        string parserKinds = string.Join(", ", LegionConfigurationSettings.Default.ActionKinds);
        string hostKinds = string.Join(", ", LegionActionRegistry.CreateDefault().Kinds);
        string Fill(string s) => s.Replace("{ini}", ini).Replace("{dir}", dir.Path).Replace(parserKinds, hostKinds);
        if (c.Ini is not null)
        {
            dir.Write("bad.ini", Fill(c.Ini));
        }
        string[] arguments = c.Args is null ? ["--ini", ini] : c.Args.Select(Fill).ToArray();

        var (code, text) = LegionHostProcess.Run(arguments, TimeSpan.FromSeconds(30), workingDirectory: dir.Path);

        output.WriteLine($"exit {code}: {text}");
        Assert.Equal(2, code);
        // Problems that belong to no single line (no legion at all) are blamed on the whole command line.
        string source = c.Validate ? "the command line" : Fill(c.Source);
        Assert.Contains($"legion: configuration error: {source}: ", text, StringComparison.Ordinal);
        foreach (var part in c.Contains)
        {
            Assert.Contains(Fill(part), text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("listening on", text, StringComparison.Ordinal);
        Secrets.AssertAbsent(text);
    }
}
