namespace Rapport.Features.Accounts;

public sealed class Team
{
    private Team() { }

    public Team(string name, DateTime now)
    {
        Name = name.Trim();
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public long? LeadUserId { get; set; }
    public DateTime CreatedAt { get; private set; }
    public List<TeamMembership> Memberships { get; private set; } = [];
}

public sealed class TeamMembership
{
    public long TeamId { get; set; }
    public Team? Team { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
}
