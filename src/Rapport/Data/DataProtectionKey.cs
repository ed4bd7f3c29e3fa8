namespace Rapport.Data;

/// <summary>
/// A data-protection key ring entry. Kept in the database rather than on one machine's disk so
/// every node can read cookies and secrets (mailbox passwords) protected by any other.
/// </summary>
public sealed class DataProtectionKey
{
    public long Id { get; set; }
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}
