using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Features.Conversations;
using Rapport.Features.Mail.Acknowledgements;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Mailboxes;

namespace Rapport.Features.Mail;

internal static class MailModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<Mailbox>(e =>
        {
            e.Property(m => m.Address).HasMaxLength(320);
            e.Property(m => m.DisplayName).HasMaxLength(200);
            e.Property(m => m.ImapHost).HasMaxLength(255);
            e.Property(m => m.ImapSecurity).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.ImapUser).HasMaxLength(320);
            e.Property(m => m.ImapFolder).HasMaxLength(200);
            e.Property(m => m.SmtpHost).HasMaxLength(255);
            e.Property(m => m.SmtpSecurity).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.SmtpUser).HasMaxLength(320);
            e.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(m => m.Address).IsUnique();
        });
        b.Entity<MailboxSync>(e =>
        {
            e.HasKey(s => s.MailboxId);
            e.Property(s => s.MailboxId).ValueGeneratedNever();
            e.Property(s => s.LeaseOwner).HasMaxLength(200);
            e.Property(s => s.LastError).HasMaxLength(2000);
            e.HasOne<Mailbox>().WithOne().HasForeignKey<MailboxSync>(s => s.MailboxId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<MailRecord>(e =>
        {
            e.ToTable("mail_records");
            e.Property(r => r.RfcMessageId).HasMaxLength(MailRecord.MaxMessageIdLength);
            e.Property(r => r.Direction).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.FromAddress).HasMaxLength(320);
            e.Property(r => r.ReplyAddress).HasMaxLength(320);
            e.Property(r => r.Subject).HasMaxLength(1000);
            e.Property(r => r.NormalisedSubject).HasMaxLength(1000);
            e.Property(r => r.AutoReply).HasMaxLength(20);
            e.HasOne<Mailbox>().WithMany().HasForeignKey(r => r.MailboxId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(r => r.Message).WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => r.RfcMessageId).IsUnique();
            e.HasIndex(r => r.MessageId);
            e.HasIndex(r => r.ConversationId);
            // The per-sender rate cap and subject threading look at one sender's recent mail.
            e.HasIndex(r => new { r.FromAddress, r.CreatedAt });
        });
        b.Entity<MailReference>(e =>
        {
            e.ToTable("mail_references");
            e.HasKey(r => new { r.MailRecordId, r.RfcMessageId });
            e.Property(r => r.RfcMessageId).HasMaxLength(MailRecord.MaxMessageIdLength);
            e.HasOne<MailRecord>().WithMany().HasForeignKey(r => r.MailRecordId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => r.RfcMessageId);
        });
        b.Entity<QuarantinedMail>(e =>
        {
            e.ToTable("mail_quarantine");
            e.Property(q => q.Reason).HasMaxLength(500);
            e.Property(q => q.Source).HasMaxLength(20);
            e.Property(q => q.FromAddress).HasMaxLength(320);
            e.Property(q => q.Subject).HasMaxLength(1000);
            e.HasOne<Mailbox>().WithMany().HasForeignKey(q => q.MailboxId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(q => q.MailboxId);
        });
        b.Entity<MailParticipant>(e =>
        {
            e.HasKey(p => new { p.ConversationId, p.Address });
            e.Property(p => p.Address).HasMaxLength(320);
            e.Property(p => p.DisplayName).HasMaxLength(300);
            e.Property(p => p.Role).HasMaxLength(20);
            e.HasOne<Conversation>().WithMany().HasForeignKey(p => p.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Acknowledgement>(e =>
        {
            e.ToTable("mail_acknowledgements");
            e.Property(a => a.Recipient).HasMaxLength(320);
            e.Property(a => a.RfcMessageId).HasMaxLength(MailRecord.MaxMessageIdLength);
            e.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Mailbox>().WithMany().HasForeignKey(a => a.MailboxId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(a => a.ConversationId).IsUnique();
            e.HasIndex(a => a.MessageId).IsUnique();
            // The loop guard counts one recipient's recent acknowledgements.
            e.HasIndex(a => new { a.Recipient, a.CreatedAt });
        });
        b.Entity<BouncingAddress>(e =>
        {
            e.HasKey(a => a.Address);
            e.Property(a => a.Address).HasMaxLength(320);
            e.Property(a => a.Diagnostic).HasMaxLength(2000);
        });
    }
}
