namespace Rapport.Benchmarks.Mail;

/// <summary>The parser tests' corpus (tests/Rapport.Tests/Features/Mail/Corpus), found by walking up from where the benchmark runs.</summary>
public static class MailCorpus
{
    private const string Relative = "tests/Rapport.Tests/Features/Mail/Corpus";

    public static IReadOnlyList<byte[]> Load()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, Relative);
                if (Directory.Exists(candidate))
                {
                    return Directory.EnumerateFiles(candidate, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
                }
            }
        }
        throw new DirectoryNotFoundException($"{Relative} was not found above {AppContext.BaseDirectory}; run from the repository.");
    }
}
