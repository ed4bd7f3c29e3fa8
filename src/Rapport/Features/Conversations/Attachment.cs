namespace Rapport.Features.Conversations;

/// <summary>A file on a message. The bytes live once on disk under their SHA-256, however many messages carry them.</summary>
public sealed class Attachment
{
    private Attachment() { }

    public Attachment(string fileName, string contentType, long size, string sha256)
    {
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
    }

    public long Id { get; private set; }
    public long MessageId { get; set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
}
