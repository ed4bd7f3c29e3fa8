using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;

namespace Rapport.Features.Sla;

public static class SlaModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<SlaCalendar>(e =>
        {
            e.ToTable("sla_calendars");
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.TimeZone).HasMaxLength(100);
            e.Ignore(c => c.SlotList);
            e.Ignore(c => c.HolidayList);
        });
        b.Entity<SlaPolicy>(e =>
        {
            e.ToTable("sla_policies");
            e.Property(p => p.Name).HasMaxLength(200);
            e.HasOne(p => p.Calendar).WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => p.Position);
        });
        b.Entity<ConversationSla>(e =>
        {
            e.ToTable("conversation_sla");
            e.HasKey(s => s.ConversationId);
            e.HasOne(s => s.Conversation).WithOne().HasForeignKey<ConversationSla>(s => s.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => s.NextDueAt);
            e.HasIndex(s => s.BreachAt);
        });
    }
}
