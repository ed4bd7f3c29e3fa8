namespace Rapport.Data;

/// <summary>A workspace-wide setting (business name, default language, the pending setup token's hash).</summary>
public sealed class Setting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
