using Rapport.Cli;

namespace Rapport.Tests.Cli;

/// <summary>The verb is found wherever the options are: an MTA's command line may put them first.</summary>
public class VerbsSplitTests
{
    [Theory]
    [InlineData("mail ingest --mailbox 1 --Rapport:DataPath D", "mail ingest")]
    [InlineData("--Rapport:DataPath D mail ingest --mailbox 1", "mail ingest")]
    [InlineData("--Rapport:DataPath=D mail --mailbox=1 ingest", "mail ingest")]
    [InlineData("--Database:Provider Postgres migrate", "migrate")]
    [InlineData("import --Rapport:DataPath D conversations.jsonl", "import conversations.jsonl")]
    [InlineData("demo seed --force --customers 10", "demo seed")]
    [InlineData("--force demo seed", "demo seed")]
    [InlineData("serve --urls http://localhost:5080", "")]
    [InlineData("--urls http://localhost:5080 serve", "")]
    [InlineData("--Rapport:DataPath D", "")]
    [InlineData("", "")]
    public void TheVerbIsTheWordsThatAreNotOptionsOrTheirValues(string commandLine, string verb)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var split = Verbs.Split(args);
        Assert.Equal(verb, string.Join(' ', split.Verb));
        // Every argument is either a verb word or an option, in its order ("serve" is neither).
        Assert.Equal(args.Where(a => a != "serve").Except(split.Verb), split.Options.Except(split.Verb));
    }

    [Fact]
    public void OptionsKeepTheirValuesTogether()
    {
        var split = Verbs.Split(["--Rapport:DataPath", "D", "mail", "ingest", "--mailbox", "support@example.test"]);
        Assert.Equal(["--Rapport:DataPath", "D", "--mailbox", "support@example.test"], split.Options);
    }

    [Theory]
    [InlineData("--help", true)]
    [InlineData("-h", true)]
    [InlineData("mail ingest --help", true)]
    [InlineData("mail ingest -h --mailbox 1", true)]
    [InlineData("--Rapport:DataPath D mail ingest --help", true)]
    [InlineData("--mailbox --help", false)]
    [InlineData("mail ingest --mailbox 1", false)]
    public void HelpIsAskedForByAFlagAnywhere(string commandLine, bool help) =>
        Assert.Equal(help, Verbs.Split(commandLine.Split(' ')).Help);
}
