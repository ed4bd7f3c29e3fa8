using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;

namespace Rapport.Features.Promises;

internal static class PromisesModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<Promise>(e =>
        {
            e.Property(p => p.What).HasMaxLength(Promise.MaxWhatLength);
            e.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
            e.HasOne(p => p.Conversation).WithMany().HasForeignKey(p => p.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(p => p.CreatedByUserId);
            e.HasOne<User>().WithMany().HasForeignKey(p => p.SettledByUserId);
            // The sweeper reads only what is due, from this index: never a scan of all promises.
            e.HasIndex(p => p.NextCheckAt);
            e.HasIndex(p => new { p.ConversationId, p.Id });
            e.HasIndex(p => new { p.State, p.DueAt });
        });
    }
}
