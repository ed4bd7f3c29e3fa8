using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.Features.Import;

/// <summary>One line of an import file after it was read and checked; names still need resolving against the database.</summary>
internal sealed record ImportedConversation(
    string? ExternalId,
    string Subject,
    ConversationStatus Status,
    Priority Priority,
    Channel Channel,
    ImportedCustomer Customer,
    string? Team,
    string? Assignee,
    IReadOnlyList<string> Tags,
    IReadOnlyList<ImportedMessage> Messages,
    IReadOnlyList<ImportedStatus> StatusChanges);

internal sealed record ImportedCustomer(string? Name, string? Email, string? Phone, string? ExternalId, string? Language, string? TimeZone)
{
    /// <summary>Normalised identities in the order they identify a person best.</summary>
    public IEnumerable<(IdentityKind Kind, string Value)> Identities()
    {
        if (Email is not null)
        {
            yield return (IdentityKind.Email, Email);
        }
        if (Phone is not null)
        {
            yield return (IdentityKind.Phone, Phone);
        }
        if (ExternalId is not null)
        {
            yield return (IdentityKind.External, ExternalId);
        }
    }
}

/// <summary>A message as it will be stored: <paramref name="BodyHtml"/> is already sanitised, <paramref name="BodyText"/> never empty.</summary>
internal sealed record ImportedMessage(MessageKind Kind, string? Author, string BodyText, string? BodyHtml, DateTime CreatedAt);

internal sealed record ImportedStatus(ConversationStatus Status, DateTime At);
