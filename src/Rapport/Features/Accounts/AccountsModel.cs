using Microsoft.EntityFrameworkCore;

namespace Rapport.Features.Accounts;

internal static class AccountsModel
{
    public static void Build(ModelBuilder b)
    {
        b.Entity<User>(e =>
        {
            e.Property(u => u.Email).HasMaxLength(254);
            e.HasIndex(u => u.Email).IsUnique();
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(u => u.PasswordHash).HasMaxLength(500);
            e.Property(u => u.Language).HasMaxLength(20);
            e.Property(u => u.TimeZone).HasMaxLength(64);
            e.Property(u => u.SecurityStamp).HasMaxLength(32);
            e.HasMany(u => u.Memberships).WithOne(m => m.User).HasForeignKey(m => m.UserId);
        });
        b.Entity<Team>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(100);
            e.HasIndex(t => t.Name).IsUnique();
            e.Property(t => t.Description).HasMaxLength(1000);
            e.HasOne<User>().WithMany().HasForeignKey(t => t.LeadUserId);
            e.HasMany(t => t.Memberships).WithOne(m => m.Team).HasForeignKey(m => m.TeamId);
        });
        b.Entity<TeamMembership>(e =>
        {
            e.HasKey(m => new { m.TeamId, m.UserId });
            e.HasIndex(m => m.UserId);
        });
        b.Entity<ApiToken>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Hint).HasMaxLength(20);
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.Property(t => t.Scope).HasConversion<string>().HasMaxLength(10);
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId);
            e.HasIndex(t => t.UserId);
        });
        b.Entity<UserInvite>(e =>
        {
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasOne(i => i.User).WithMany().HasForeignKey(i => i.UserId);
            e.HasIndex(i => i.UserId);
        });
    }
}
