namespace Rapport.Features.Conversations;

public sealed partial class Message
{
    /// <summary>
    /// Points the HTML's inline images (cid: links) at the attachments they were stored as, which
    /// have ids only once the message is saved. The rewrite only swaps one image source for another
    /// the sanitiser also allows.
    /// </summary>
    internal void PointInlineImages(Func<string, string> rewrite)
    {
        if (BodyHtml is not null)
        {
            BodyHtml = rewrite(BodyHtml);
        }
    }
}
