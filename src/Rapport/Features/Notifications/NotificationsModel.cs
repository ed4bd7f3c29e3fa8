using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;

namespace Rapport.Features.Notifications;

internal static class NotificationsModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<Notification>(e =>
        {
            e.Property(n => n.Kind).HasMaxLength(32);
            e.Property(n => n.Excerpt).HasMaxLength(Notification.MaxExcerptLength);
            e.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(n => n.ActorUserId);
            e.HasOne(n => n.Conversation).WithMany().HasForeignKey(n => n.ConversationId).OnDelete(DeleteBehavior.Cascade);
            // The bell's list reads a user's newest first; its count reads their unread ones.
            e.HasIndex(n => new { n.UserId, n.Id });
            e.HasIndex(n => new { n.UserId, n.ReadAt });
        });
    }
}
