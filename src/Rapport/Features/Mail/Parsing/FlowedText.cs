using System.Text;

namespace Rapport.Features.Mail.Parsing;

/// <summary>RFC 3676 format=flowed: soft line breaks joined, space-stuffing removed, DelSp honoured.</summary>
internal static class FlowedText
{
    public static string Unflow(string text, bool delSp)
    {
        var lines = text.Split('\n');
        var sb = new StringBuilder(text.Length);
        var previousFlowed = false;
        var previousDepth = -1;
        foreach (var rawLine in lines)
        {
            var line = rawLine;
            var depth = 0;
            while (depth < line.Length && line[depth] == '>')
            {
                depth++;
            }
            var content = line[depth..];
            if (content.StartsWith(' '))
            {
                content = content[1..];
            }
            var isSignatureSeparator = content == "-- ";
            var flowed = content.EndsWith(' ') && !isSignatureSeparator;
            if (previousFlowed && depth == previousDepth)
            {
                // Continue the paragraph on the same line.
            }
            else
            {
                if (previousDepth >= 0)
                {
                    sb.Append('\n');
                }
                if (depth > 0)
                {
                    sb.Append('>', depth).Append(' ');
                }
            }
            sb.Append(flowed && delSp ? content[..^1] : content);
            previousFlowed = flowed;
            previousDepth = depth;
        }
        return sb.ToString();
    }
}
