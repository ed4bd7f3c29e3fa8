namespace Rapport.Features.Mail.Parsing;

/// <summary>Message-ID, In-Reply-To and References values as bare ids in order.</summary>
internal static class MessageIds
{
    /// <summary>The first (thread root) and the most recent ids are what threading needs from a long References.</summary>
    private const int MaxIds = 200;
    private const int MaxScanned = 20_000;

    public static List<string> Parse(string? text)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return ids;
        }
        var pos = 0;
        while (pos < text.Length && ids.Count < MaxScanned)
        {
            var lt = text.IndexOf('<', pos);
            if (lt < 0)
            {
                break;
            }
            var gt = text.IndexOf('>', lt + 1);
            if (gt < 0)
            {
                break;
            }
            Add(ids, seen, text[(lt + 1)..gt]);
            pos = gt + 1;
        }
        if (ids.Count == 0)
        {
            // No brackets at all: some clients write bare ids separated by spaces.
            foreach (var token in text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Contains('@', StringComparison.Ordinal) && ids.Count < MaxScanned)
                {
                    Add(ids, seen, token);
                }
            }
        }
        if (ids.Count > MaxIds)
        {
            ids = [ids[0], .. ids.Skip(ids.Count - (MaxIds - 1))];
        }
        return ids;
    }

    public static string? First(string? text) => Parse(text) is [var first, ..] ? first : null;

    private static void Add(List<string> ids, HashSet<string> seen, string id)
    {
        var clean = new string(id.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && c is not ('<' or '>' or '"')).ToArray());
        if (clean.Length is > 0 and <= 998 && seen.Add(clean))
        {
            ids.Add(clean);
        }
    }
}
