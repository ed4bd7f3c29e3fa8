using Microsoft.EntityFrameworkCore;

namespace Rapport.Features.Outbox;

internal static class OutboxModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<OutboxItem>(e =>
        {
            e.ToTable("outbox");
            e.Property(o => o.Kind).HasMaxLength(50);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.LeaseOwner).HasMaxLength(200);
            e.Property(o => o.LastError).HasMaxLength(2000);
            e.HasOne(o => o.Message).WithMany().HasForeignKey(o => o.MessageId).OnDelete(DeleteBehavior.Cascade);
            // The dispatcher's claim: due pending rows in order.
            e.HasIndex(o => new { o.Status, o.NextAttemptAt });
            e.HasIndex(o => o.MessageId);
        });
    }
}
