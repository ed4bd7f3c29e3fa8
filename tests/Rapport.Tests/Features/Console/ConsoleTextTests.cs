using System.Collections;
using System.Globalization;
using System.Resources;

namespace Rapport.Tests.Features.AgentConsole;

/// <summary>Every word the console shows exists in English, Persian and Armenian.</summary>
public sealed class ConsoleTextTests
{
    public static TheoryData<string> TextClasses() =>
    [
        .. typeof(Rapport.Features.AgentConsole.ConsoleText).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Rapport.Features", StringComparison.Ordinal) == true && t.Name.EndsWith("Text", StringComparison.Ordinal)
                && t.Assembly.GetManifestResourceNames().Contains(t.FullName + ".resources"))
            .Select(t => t.FullName!),
    ];

    [Theory]
    [MemberData(nameof(TextClasses))]
    public void EveryKeyIsTranslatedIntoPersianAndArmenian(string textClass)
    {
        var type = typeof(Rapport.Features.AgentConsole.ConsoleText).Assembly.GetType(textClass)!;
        var resources = new ResourceManager(type);
        var english = Keys(resources, CultureInfo.InvariantCulture);
        Assert.NotEmpty(english);
        foreach (var language in new[] { "fa", "hy" })
        {
            var translated = Keys(resources, CultureInfo.GetCultureInfo(language));
            Assert.True(english.SetEquals(translated),
                $"{type.Name} in {language}: missing {string.Join(", ", english.Except(translated))}; extra {string.Join(", ", translated.Except(english))}");
        }
    }

    private static HashSet<string> Keys(ResourceManager resources, CultureInfo culture) =>
        [.. (resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false) ?? throw new InvalidOperationException($"No {culture.Name} resources."))
            .Cast<DictionaryEntry>().Select(e => (string)e.Key)];
}
