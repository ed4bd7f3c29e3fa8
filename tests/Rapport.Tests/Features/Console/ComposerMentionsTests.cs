using Rapport.Features.AgentConsole.Pages.Conversations;

namespace Rapport.Tests.Features.AgentConsole;

public sealed class ComposerMentionsTests
{
    private static readonly NamedOption Sara = new(1, "سارا احمدی");
    private static readonly NamedOption Ali = new(2, "علی رضایی");
    private static readonly NamedOption Anna = new(3, "Anna Petrosyan");
    private static readonly NamedOption Aram = new(4, "Արամ Սարգսյան");
    private static readonly NamedOption[] Agents = [Sara, Ali, Anna, Aram];

    [Theory]
    [InlineData("Please check @an", "an")]
    [InlineData("@", "")]
    [InlineData("line one\n@سا", "سا")]
    [InlineData("mail me at me@example.com", null)]
    [InlineData("@Anna is done", null)]
    [InlineData("no mention here", null)]
    public void TheQueryIsTheWordAfterAnAtSignAtTheEnd(string text, string? query) =>
        Assert.Equal(query, ComposerMentions.Query(text));

    [Fact]
    public void SuggestionsMatchAnyWordPersianAware()
    {
        Assert.Equal([Anna], ComposerMentions.Suggest("pet", Agents));
        Assert.Equal([Anna], ComposerMentions.Suggest("ANN", Agents));
        // Typed with the Arabic yeh, stored with the Persian one.
        Assert.Equal([Ali], ComposerMentions.Suggest("علي", Agents));
        Assert.Equal([Sara], ComposerMentions.Suggest("احم", Agents));
        Assert.Equal([Aram], ComposerMentions.Suggest("սարգ", Agents));
        Assert.Equal(Agents, ComposerMentions.Suggest("", Agents));
        Assert.Empty(ComposerMentions.Suggest("zz", Agents));
    }

    [Fact]
    public void PickingWritesTheWholeNameAndOnlyNamesStillInTheTextAreMentioned()
    {
        var text = ComposerMentions.Insert("Can you look, @an", Anna);
        Assert.Equal("Can you look, @Anna Petrosyan ", text);
        text = ComposerMentions.Insert(text + "and @سا", Sara);
        Assert.Equal("Can you look, @Anna Petrosyan and @سارا احمدی ", text);

        Assert.Equal([3, 1], ComposerMentions.Resolve(text, [Anna, Sara]));
        Assert.Equal([1], ComposerMentions.Resolve(text.Replace("@Anna Petrosyan", "Anna", StringComparison.Ordinal), [Anna, Sara]));
    }
}
