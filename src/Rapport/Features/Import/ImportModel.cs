using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;

namespace Rapport.Features.Import;

internal static class ImportModel
{
    public const int ExternalIdMaxLength = 200;

    public static void Build(ModelBuilder b)
    {
        b.Entity<Conversation>(e =>
        {
            e.Property(c => c.ExternalId).HasMaxLength(ExternalIdMaxLength);
            // Unique, so importing the same history twice can never duplicate a conversation.
            e.HasIndex(c => c.ExternalId).IsUnique();
        });
    }
}
