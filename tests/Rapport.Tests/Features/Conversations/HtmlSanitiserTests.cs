using Rapport.Features.Conversations;

namespace Rapport.Tests.Features.Conversations;

public sealed class HtmlSanitiserTests
{
    [Theory]
    [InlineData("<p>Hello <b>world</b></p>", "<p>Hello <b>world</b></p>")]
    [InlineData("<P>Upper <STRONG>case</STRONG></P>", "<p>Upper <strong>case</strong></p>")]
    [InlineData("<ul><li>one</li><li>two</li></ul><ol start=3><li>three</li></ol>", "<ul><li>one</li><li>two</li></ul><ol start=\"3\"><li>three</li></ol>")]
    [InlineData("<table><tr><td colspan=2>x</td></tr></table>", "<table><tbody><tr><td colspan=\"2\">x</td></tr></tbody></table>")]
    [InlineData("<h1>T</h1><hr><blockquote>q</blockquote><pre><code>c</code></pre>", "<h1>T</h1><hr><blockquote>q</blockquote><pre><code>c</code></pre>")]
    [InlineData("<p dir=rtl lang=fa>سلام</p>", "<p dir=\"rtl\" lang=\"fa\">سلام</p>")]
    [InlineData("a<br>b", "a<br>b")]
    public void KeepsAllowedMarkup(string html, string expected) => Assert.Equal(expected, HtmlSanitiser.Sanitise(html));

    [Theory]
    [InlineData("<script>alert(1)</script>ok")]
    [InlineData("<SCRIPT SRC=//evil.example/x.js></SCRIPT>ok")]
    [InlineData("<style>body{display:none}</style>ok")]
    [InlineData("<iframe src=\"https://evil.example\">inner</iframe>ok")]
    [InlineData("<object data=x.swf><embed src=x.swf></object>ok")]
    [InlineData("<form action=https://evil.example><input name=p><button>Go</button></form>ok")]
    [InlineData("<form><form><input></form></form>ok")]
    [InlineData("<svg><script>alert(1)</script><text>svg text</text></svg>ok")]
    [InlineData("<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>ok")]
    [InlineData("<!-- <script>alert(1)</script> -->ok")]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>ok")]
    [InlineData("<template><script>alert(1)</script></template>ok")]
    [InlineData("<textarea><script>alert(1)</script></textarea>ok")]
    [InlineData("<title>t</title><meta http-equiv=refresh content=0;url=https://evil.example><base href=https://evil.example>ok")]
    public void DropsDangerousElementsWithTheirContent(string html)
    {
        var clean = HtmlSanitiser.Sanitise(html);

        Assert.EndsWith("ok", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<math", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<form", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<input", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", clean, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "")]
    [InlineData("<img src=\"https://tracker.example/p.gif\">", "")]
    [InlineData("<p onclick=\"alert(1)\" style=\"color:red\" class=x id=y>t</p>", "<p>t</p>")]
    [InlineData("<b ONMOUSEOVER=alert(1)>t</b>", "<b>t</b>")]
    [InlineData("<span onfocus=alert(1) autofocus tabindex=1>t</span>", "<span>t</span>")]
    [InlineData("<p dir=\"javascript:x\">t</p>", "<p>t</p>")]
    [InlineData("<img src=\"cid:logo@mail\" alt=\"Logo\" width=20 height=\"x\">", "<img src=\"cid:logo@mail\" alt=\"Logo\" width=\"20\">")]
    [InlineData("<img src=\"data:image/png;base64,iVBORw0KGgo=\">", "<img src=\"data:image/png;base64,iVBORw0KGgo=\">")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "")]
    [InlineData("<img src=\"data:text/html;base64,PHNjcmlwdD4=\">", "")]
    public void StripsEventHandlersStylesAndRemoteImages(string html, string expected) => Assert.Equal(expected, HtmlSanitiser.Sanitise(html));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData(" \t javascript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("java&#x09;script:alert(1)")]
    [InlineData("java&#10;script:alert(1)")]
    [InlineData("&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)")]
    [InlineData("&#x6A;avascript&colon;alert(1)")]
    [InlineData("jav&#x00;ascript:alert(1)")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/path")]
    [InlineData("//evil.example/x")]
    public void RefusesLinksThatAreNotWebOrMail(string href)
    {
        var clean = HtmlSanitiser.Sanitise($"<a href=\"{href}\">link</a>");

        Assert.Equal("<a>link</a>", clean);
    }

    [Theory]
    [InlineData("<a href=https://example.com/a?b=1&c=2>x</a>", "https://example.com/a?b=1&amp;c=2")]
    [InlineData("<a href=\" http://example.com \">x</a>", "http://example.com/")]
    [InlineData("<a href=\"mailto:help@example.com\">x</a>", "mailto:help@example.com")]
    public void WebAndMailLinksOpenSafelyInANewTab(string html, string href)
    {
        var clean = HtmlSanitiser.Sanitise(html);

        Assert.Equal($"<a href=\"{href}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>", clean);
    }

    [Fact]
    public void TheLinkTargetCannotBeChosenByTheSender()
    {
        var clean = HtmlSanitiser.Sanitise("<a href=https://example.com target=_self rel=opener>x</a>");

        Assert.Equal("<a href=\"https://example.com/\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>", clean);
    }

    [Theory]
    [InlineData("<font color=red>kept <i>text</i></font>", "kept <i>text</i>")]
    [InlineData("<center><section><article>deep</article></section></center>", "deep")]
    [InlineData("<html><head><title>x</title></head><body><p>mail body</p></body></html>", "<p>mail body</p>")]
    [InlineData("<custom-element onclick=alert(1)>c</custom-element>", "c")]
    public void UnwrapsUnknownElementsButKeepsTheirText(string html, string expected) => Assert.Equal(expected, HtmlSanitiser.Sanitise(html));

    [Theory]
    [InlineData("<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>")]
    [InlineData("<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">")]
    [InlineData("<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;\">")]
    [InlineData("<noscript><style></noscript><img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"x\" <img src=x onerror=alert(1)>>x</a>")]
    [InlineData("<<script>script>alert(1)<</script>/script>")]
    [InlineData("<scr<script>ipt>alert(1)</script>")]
    [InlineData("<img src=`x`onerror=alert(1)>")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">x</div>")]
    public void KnownMutationAndParserTricksProduceNoExecutableMarkup(string html)
    {
        var clean = HtmlSanitiser.Sanitise(html);

        Assert.DoesNotContain("onerror", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", clean, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(clean, HtmlSanitiser.Sanitise(clean));
    }

    [Fact]
    public void CdataIsNotMarkupInHtml()
    {
        // In HTML, "<![CDATA[" opens a bogus comment that ends at the first ">": what follows is plain text.
        var clean = HtmlSanitiser.Sanitise("<![CDATA[<script>alert(1)</script>]]>ok");

        Assert.Equal("alert(1)]]&gt;ok", clean);
    }

    [Fact]
    public void TextIsEscapedNotInterpreted()
    {
        Assert.Equal("1 &lt; 2 &amp;&amp; 3 &gt; 2", HtmlSanitiser.Sanitise("1 &lt; 2 &amp;&amp; 3 &gt; 2"));
        Assert.Equal("&lt;script&gt;", HtmlSanitiser.Sanitise("&lt;script&gt;"));
    }

    [Fact]
    public void PlainTextFollowsTheBlocks()
    {
        var text = HtmlSanitiser.ToText("<p>Hello   <b>team</b>,</p><ul><li>one</li><li>two</li></ul><p>See <a href=\"https://example.com/\">the page</a><br>Thanks</p>");

        Assert.Equal("Hello team,\n- one\n- two\nSee the page (https://example.com/)\nThanks", text);
    }
}
