using System.Globalization;
using Rapport.Features.Accounts;

namespace Rapport.Features.AgentConsole;

/// <summary>
/// The console's languages and the culture each one formats with. Persian's culture ("fa-IR")
/// comes with the Persian (Jalali) calendar from ICU; its digits are substituted by <see cref="ConsoleFormat"/>.
/// </summary>
public static class ConsoleCultures
{
    public const string Default = "en";

    public static IReadOnlyList<string> All => WorkspaceSettings.Languages;

    public static CultureInfo For(string language) => language switch
    {
        "fa" => CultureInfo.GetCultureInfo("fa-IR"),
        "hy" => CultureInfo.GetCultureInfo("hy-AM"),
        _ => CultureInfo.GetCultureInfo("en-US"),
    };

    /// <summary>The language a culture belongs to: "fa" for fa-IR.</summary>
    public static string LanguageOf(CultureInfo culture) =>
        All.Contains(culture.TwoLetterISOLanguageName) ? culture.TwoLetterISOLanguageName : Default;

    public static bool IsRightToLeft(CultureInfo culture) => culture.TextInfo.IsRightToLeft;
}
