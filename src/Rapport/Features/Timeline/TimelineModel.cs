using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Customers;

namespace Rapport.Features.Timeline;

internal static class TimelineModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<Activity>(e =>
        {
            e.Property(a => a.Kind).HasMaxLength(64);
            e.Property(a => a.ActorKind).HasConversion<string>().HasMaxLength(20);
            e.HasOne(a => a.Customer).WithMany().HasForeignKey(a => a.CustomerId);
            e.HasOne(a => a.Conversation).WithMany().HasForeignKey(a => a.ConversationId);
            e.HasOne<User>().WithMany().HasForeignKey(a => a.ActorUserId);
            e.HasOne<Customer>().WithMany().HasForeignKey(a => a.ActorCustomerId);
            // The customer timeline reads newest first by customer; the conversation history by conversation.
            e.HasIndex(a => new { a.CustomerId, a.Id });
            e.HasIndex(a => new { a.ConversationId, a.Id });
        });
    }
}
