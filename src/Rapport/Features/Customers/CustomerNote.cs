namespace Rapport.Features.Customers;

public sealed class CustomerNote
{
    private CustomerNote() { }

    public CustomerNote(long? authorUserId, string body, DateTime now)
    {
        AuthorUserId = authorUserId;
        Body = body;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long CustomerId { get; set; }
    public long? AuthorUserId { get; private set; }
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; private set; }
}
