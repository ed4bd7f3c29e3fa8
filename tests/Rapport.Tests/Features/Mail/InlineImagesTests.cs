using Rapport.Features.Conversations;
using Rapport.Features.Mail.Ingest;

namespace Rapport.Tests.Features.Mail;

public class InlineImagesTests
{
    [Fact]
    public void CidLinksAreComparedWithoutBracketsEncodingOrCase()
    {
        var ids = new Dictionary<string, long> { [InlineImages.Key("<Logo.PNG@01D9>")] = 7 };
        var html = """<img src="cid:logo.png%4001d9"><img src='CID:Logo.PNG@01D9'><img src=cid:other@x><a href="cid:logo.png@01d9">x</a>""";
        Assert.Equal("""<img src="/api/v1/attachments/7"><img src='/api/v1/attachments/7'><img src=cid:other@x><a href="cid:logo.png@01d9">x</a>""",
            InlineImages.Rewrite(html, ids));
    }

    [Fact]
    public void TheSanitiserKeepsAStoredAttachmentImageAndNoOtherLocalPath()
    {
        var clean = HtmlSanitiser.Sanitise("""<img src="/api/v1/attachments/12"><img src="/api/v1/users/1"><img src="/api/v1/attachments/12/../../users">""");
        Assert.Contains("/api/v1/attachments/12\"", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("users", clean, StringComparison.Ordinal);
    }
}
