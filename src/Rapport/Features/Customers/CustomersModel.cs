using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;

namespace Rapport.Features.Customers;

internal static class CustomersModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<Customer>(e =>
        {
            e.Property(c => c.FullName).HasMaxLength(300);
            e.Property(c => c.PreferredName).HasMaxLength(200);
            e.Property(c => c.Pronunciation).HasMaxLength(200);
            e.Property(c => c.Language).HasMaxLength(20);
            e.Property(c => c.TimeZone).HasMaxLength(64);
            e.Property(c => c.PreferredChannel).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.ContactHours).HasMaxLength(200);
            e.Property(c => c.Tier).HasMaxLength(50);
            e.Property(c => c.Value).HasPrecision(18, 2);
            e.Property(c => c.SearchText).HasMaxLength(4000);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Ignore(c => c.PendingActivities);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.AccountOwnerId);
            e.HasOne(c => c.Company).WithMany().HasForeignKey(c => c.CompanyId);
            e.HasOne<Customer>().WithMany().HasForeignKey(c => c.MergedIntoId);
            e.HasMany(c => c.Identities).WithOne(i => i.Customer).HasForeignKey(i => i.CustomerId);
            e.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.CustomerId);
            e.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CustomerId);
            e.HasIndex(c => c.CompanyId);
            // The directory lists customers not merged away, newest first: one index gives both the filter and the order.
            e.HasIndex(c => new { c.MergedIntoId, c.UpdatedAt, c.Id });
            e.HasIndex(c => c.UpdatedAt);
        });
        b.Entity<Company>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(300);
            e.Property(c => c.Domain).HasMaxLength(253);
            e.Property(c => c.Tier).HasMaxLength(50);
            e.Property(c => c.Value).HasPrecision(18, 2);
            e.Property(c => c.Notes).HasMaxLength(10000);
            e.Property(c => c.SearchText).HasMaxLength(1000);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.AccountOwnerId);
            e.HasIndex(c => c.Domain);
        });
        b.Entity<CustomerIdentity>(e =>
        {
            e.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Value).HasMaxLength(320);
            e.Property(i => i.Source).HasMaxLength(50);
            e.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
            e.HasIndex(i => i.CustomerId);
        });
        b.Entity<CustomerNote>(e =>
        {
            e.Property(n => n.Body).HasMaxLength(10000);
            e.HasOne<User>().WithMany().HasForeignKey(n => n.AuthorUserId);
            e.HasIndex(n => n.CustomerId);
        });
        b.Entity<CustomFieldDefinition>(e =>
        {
            e.ToTable("CustomFields");
            e.Property(f => f.Key).HasMaxLength(64);
            e.HasIndex(f => f.Key).IsUnique();
            e.Property(f => f.Label).HasMaxLength(200);
            e.Property(f => f.Type).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.Choices).HasMaxLength(10000);
        });
        b.Entity<Tag>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(100);
            e.HasIndex(t => t.Name).IsUnique();
        });
        b.Entity<CustomerTag>(e =>
        {
            e.HasKey(t => new { t.CustomerId, t.TagId });
            e.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId);
            e.HasIndex(t => t.TagId);
        });
    }
}
