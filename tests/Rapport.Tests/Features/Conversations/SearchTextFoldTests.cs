using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.Tests.Features.Conversations;

/// <summary>
/// A message keeps only the first <see cref="ConversationSearch.MaxMessageTextLength"/> characters of
/// its folded text, so folding a long body must not build the folded form of all of it (an import
/// of 900,000-character bodies spent 3.6 MB per message on text it then threw away).
/// </summary>
public sealed class SearchTextFoldTests
{
    private const int Max = ConversationSearch.MaxMessageTextLength;

    [Fact]
    public void FoldingALongBodyCostsAboutWhatItKeeps()
    {
        var body = new string('x', 900_000);
        ConversationSearch.Fold(body, Max); // JIT and static set-up out of the measure
        var before = GC.GetAllocatedBytesForCurrentThread();
        var folded = ConversationSearch.Fold(body, Max);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Max, folded.Length);
        // The kept text is 40 KB of UTF-16; its working copies a few times that, never the whole body (1.8 MB).
        Assert.InRange(allocated, 0, 400_000);
    }

    public static TheoryData<string> LongTexts()
    {
        var data = new TheoryData<string>();
        // Cut points landing on runs of spaces, dropped characters, accents, surrogate pairs and Hangul.
        data.Add(string.Concat(Enumerable.Repeat("José  Müller\u200C\u200C   ", 5_000)));
        data.Add(new string(' ', 100_000) + string.Concat(Enumerable.Repeat("Ānahit ÇELİK ", 10_000)));
        data.Add(string.Concat(Enumerable.Repeat("\u0640", 60_000)) + string.Concat(Enumerable.Repeat("کریم ", 10_000)));
        data.Add(string.Concat(Enumerable.Repeat("a😀e\u0301\u0301 ", 20_000)));
        data.Add(string.Concat(Enumerable.Repeat("한국어 ", 20_000)));
        data.Add(new string('x', Max - 1) + "é" + new string(' ', 40) + "y");
        return data;
    }

    [Theory]
    [MemberData(nameof(LongTexts))]
    public void KeepsExactlyTheStartOfTheWholeFoldedText(string text)
    {
        var whole = SearchNormaliser.Normalise(text);
        Assert.Equal(whole.Length > Max ? whole[..Max] : whole, ConversationSearch.Fold(text, Max));
    }
}
