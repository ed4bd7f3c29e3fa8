using System.Globalization;

namespace Rapport.Features.AgentConsole;

/// <summary>
/// Times and numbers as the agent reads them: in their own time zone, in their culture's calendar
/// (Jalali for Persian), with their script's digits. .NET formats with ASCII digits whatever the
/// culture, so the culture's native digits are put in afterwards.
/// </summary>
public static class ConsoleFormat
{
    /// <summary><paramref name="utc"/> in <paramref name="zone"/>, in a <paramref name="format"/> that comes from the language's resources.</summary>
    public static string DateTime(DateTime utc, TimeZoneInfo zone, CultureInfo culture, string format)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return Digits(local.ToString(format, culture), culture);
    }

    /// <summary>The same instant in ISO 8601 with its offset, for a &lt;time datetime&gt; attribute.</summary>
    public static string MachineDateTime(DateTime utc) =>
        System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Number(long value, CultureInfo culture) =>
        Digits(value.ToString("N0", culture), culture);

    public static string Digits(string text, CultureInfo culture)
    {
        var native = culture.NumberFormat.NativeDigits;
        if (culture.TwoLetterISOLanguageName != "fa" || native.Length != 10)
        {
            return text;
        }
        return string.Create(text.Length, (text, native), static (span, state) =>
        {
            for (var i = 0; i < state.text.Length; i++)
            {
                var c = state.text[i];
                span[i] = c is >= '0' and <= '9' ? state.native[c - '0'][0] : c;
            }
        });
    }
}
