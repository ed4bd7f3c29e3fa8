using Rapport.Features.Conversations;

namespace Rapport.Features.AgentConsole.Pages.Conversations;

/// <summary>A file picked in the composer, held in the circuit until the message is sent.</summary>
public sealed record PickedFile(string FileName, string ContentType, byte[] Bytes)
{
    public AttachmentUpload ToUpload() => new(FileName, ContentType, Convert.ToBase64String(Bytes));
}
