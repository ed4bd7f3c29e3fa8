using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

internal static class ConversationsModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<Conversation>(e =>
        {
            e.Property(c => c.Subject).HasMaxLength(500);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Priority).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Ignore(c => c.PendingActivities);
            e.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId);
            e.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.AssigneeId);
            e.HasOne<Conversation>().WithMany().HasForeignKey(c => c.MergedIntoId);
            e.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ConversationId);
            e.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.ConversationId);
            e.HasMany(c => c.Followers).WithOne().HasForeignKey(f => f.ConversationId);
            // The inbox and API list pages walk these in (updated_at, id) order.
            e.HasIndex(c => new { c.UpdatedAt, c.Id });
            e.HasIndex(c => new { c.Status, c.UpdatedAt });
            e.HasIndex(c => new { c.AssigneeId, c.Status });
            e.HasIndex(c => new { c.TeamId, c.Status });
            e.HasIndex(c => c.CustomerId);
            e.Property(c => c.SearchText).HasMaxLength(ConversationSearch.MaxSubjectTextLength);
            e.HasIndex(c => new { c.CreatedAt, c.Id });
        });
        b.Entity<Message>(e =>
        {
            e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Channel).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.ExternalId).HasMaxLength(500);
            e.HasOne<User>().WithMany().HasForeignKey(m => m.AuthorUserId);
            e.HasOne<Customer>().WithMany().HasForeignKey(m => m.AuthorCustomerId);
            e.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId);
            e.HasIndex(m => new { m.ConversationId, m.Id });
            e.HasIndex(m => m.ExternalId);
        });
        b.Entity<Attachment>(e =>
        {
            e.Property(a => a.FileName).HasMaxLength(255);
            e.Property(a => a.ContentType).HasMaxLength(255);
            e.Property(a => a.Sha256).HasMaxLength(64);
            e.HasIndex(a => a.MessageId);
        });
        b.Entity<ConversationTag>(e =>
        {
            e.HasKey(t => new { t.ConversationId, t.TagId });
            e.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId);
            e.HasIndex(t => t.TagId);
        });
        b.Entity<ConversationFollower>(e =>
        {
            e.HasKey(f => new { f.ConversationId, f.UserId });
            e.HasOne<User>().WithMany().HasForeignKey(f => f.UserId);
            e.HasIndex(f => f.UserId);
        });
        b.Entity<ConversationLink>(e =>
        {
            e.HasKey(l => new { l.ConversationId, l.LinkedConversationId });
            e.HasOne<Conversation>().WithMany().HasForeignKey(l => l.ConversationId);
            e.HasOne<Conversation>().WithMany().HasForeignKey(l => l.LinkedConversationId);
            e.HasOne<User>().WithMany().HasForeignKey(l => l.CreatedByUserId);
            e.HasIndex(l => l.LinkedConversationId);
        });
    }
}
