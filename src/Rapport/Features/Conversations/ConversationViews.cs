using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Conversations;

/// <summary>How conversations and messages are read back for the API.</summary>
internal static class ConversationViews
{
    public static IQueryable<ConversationSummary> Summaries(this IQueryable<Conversation> conversations) =>
        conversations.Select(c => new ConversationSummary(
            c.Id, c.Subject, c.Status, c.Priority, c.Channel, c.CustomerId, c.TeamId, c.AssigneeId,
            c.TransferCount, c.MessageCount, c.MergedIntoId, c.CreatedAt, c.UpdatedAt, c.LastMessageAt,
            c.FirstReplyAt, c.SolvedAt, c.ClosedAt,
            c.Tags.Select(t => t.Tag!.Name).OrderBy(n => n).ToList()));

    public static async Task<ConversationDetail?> DetailAsync(RapportDb db, long id, CancellationToken ct)
    {
        var c = await db.Conversations.AsNoTracking().Where(c => c.Id == id).Summaries().SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }
        var customerName = await db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.FullName).SingleAsync(ct);
        var followers = await db.ConversationFollowers.Where(f => f.ConversationId == id).OrderBy(f => f.UserId).Select(f => f.UserId).ToListAsync(ct);
        var links = await db.ConversationLinks
            .Where(l => l.ConversationId == id || l.LinkedConversationId == id)
            .Select(l => l.ConversationId == id ? l.LinkedConversationId : l.ConversationId)
            .OrderBy(x => x)
            .ToListAsync(ct);
        return new ConversationDetail(
            c.Id, c.Subject, c.Status, c.Priority, c.Channel, c.CustomerId, customerName, c.TeamId, c.AssigneeId,
            c.TransferCount, c.MessageCount, c.MergedIntoId, c.CreatedAt, c.UpdatedAt, c.LastMessageAt,
            c.FirstReplyAt, c.SolvedAt, c.ClosedAt, c.Tags, followers, links);
    }

    public static MessageView View(Message m) => new(
        m.Id, m.ConversationId, m.Kind, m.Channel, m.AuthorUserId, m.AuthorCustomerId, m.BodyText, m.BodyHtml,
        m.ExternalId, m.CreatedAt, m.Attachments.OrderBy(a => a.Id).Select(View).ToList());

    public static AttachmentView View(Attachment a) =>
        new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, $"/api/v1/attachments/{a.Id}");

    public static string MessageUrl(Message m) => $"/api/v1/conversations/{m.ConversationId}/messages/{m.Id}";
}
