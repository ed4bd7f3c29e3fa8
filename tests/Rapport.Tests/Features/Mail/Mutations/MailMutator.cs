using System.Text;

namespace Rapport.Tests.Features.Mail.Mutations;

/// <summary>One damaged message: the bytes, and what was done to which corpus file (for the failure message).</summary>
public sealed record Mutant(string File, long Seed, string Steps, byte[] Bytes)
{
    public override string ToString() => $"{File} (case seed {Seed}): {Steps}";
}

/// <summary>
/// Damages corpus messages the ways real mail arrives damaged: flipped bytes, cut short, lines lost
/// or doubled, boundaries broken, bad base64 and quoted-printable, huge lines, a header without a
/// body, binary noise. Everything comes from one seed, so a failing case can be made again.
/// </summary>
public static class MailMutator
{
    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

    /// <summary>The master seed: RAPPORT_MAIL_MUTATION_SEED when set, else a new one per run.</summary>
    public static long MasterSeed() =>
        long.TryParse(Environment.GetEnvironmentVariable("RAPPORT_MAIL_MUTATION_SEED"), out var seed) ? seed : Random.Shared.NextInt64(1, 1_000_000_000);

    /// <summary>How many cases to run: RAPPORT_MAIL_MUTATIONS when set (people run more), else the CI count.</summary>
    public static int Count(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("RAPPORT_MAIL_MUTATIONS"), out var count) && count > 0 ? count : ciDefault;

    /// <summary>Case <paramref name="index"/> of the run with <paramref name="masterSeed"/>: its own seed, so it can be rerun alone.</summary>
    public static long CaseSeed(long masterSeed, int index) => unchecked(masterSeed * 1_000_003 + index);

    public static Mutant Make(IReadOnlyList<(string Name, byte[] Bytes)> corpus, long caseSeed, string? uniqueMessageId = null)
    {
        var random = new Random(unchecked((int)(caseSeed ^ (caseSeed >> 32))));
        var (name, original) = corpus[random.Next(corpus.Count)];
        var bytes = uniqueMessageId is null ? original : [.. Encoding.ASCII.GetBytes($"Message-ID: <{uniqueMessageId}>\r\n"), .. original];
        var steps = new List<string>();
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            bytes = Apply(random, bytes, steps);
        }
        return new Mutant(name, caseSeed, string.Join(", ", steps), bytes);
    }

    private static byte[] Apply(Random random, byte[] bytes, List<string> steps)
    {
        switch (random.Next(13))
        {
            case 0:
                {
                    var copy = bytes.ToArray();
                    var flips = 1 + random.Next(20);
                    for (var i = 0; i < flips && copy.Length > 0; i++)
                    {
                        copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    }
                    steps.Add($"{flips} byte flips");
                    return copy;
                }
            case 1:
                {
                    var at = bytes.Length == 0 ? 0 : random.Next(bytes.Length);
                    steps.Add($"truncated at {at}");
                    return bytes[..at];
                }
            case 2:
                {
                    var lines = Lines(bytes);
                    var count = 1 + random.Next(Math.Max(1, lines.Count / 5));
                    for (var i = 0; i < count && lines.Count > 0; i++)
                    {
                        lines.RemoveAt(random.Next(lines.Count));
                    }
                    steps.Add($"{count} lines deleted");
                    return Join(lines);
                }
            case 3:
                {
                    var lines = Lines(bytes);
                    var count = 1 + random.Next(10);
                    for (var i = 0; i < count && lines.Count > 0; i++)
                    {
                        var at = random.Next(lines.Count);
                        lines.Insert(at, lines[at]);
                    }
                    steps.Add($"{count} lines duplicated");
                    return Join(lines);
                }
            case 4:
                return BreakBoundaries(random, bytes, steps);
            case 5:
                return Corrupt(random, bytes, steps, "base64", line => line.Length >= 16 && line.All(c => Base64Alphabet.Contains(c)),
                    line => random.Next(4) switch
                    {
                        0 => line.Insert(random.Next(line.Length), "!*%"),
                        1 => line[..random.Next(line.Length)],
                        2 => line.Insert(random.Next(line.Length), "===="),
                        _ => new string(line.Select(c => random.Next(8) == 0 ? (char)random.Next(0x20, 0x7F) : c).ToArray()),
                    });
            case 6:
                return Corrupt(random, bytes, steps, "quoted-printable", line => line.Contains('='),
                    line => random.Next(4) switch
                    {
                        0 => line + "=",
                        1 => line.Insert(random.Next(line.Length), "=Z"),
                        2 => line.Insert(random.Next(line.Length), "=E"),
                        _ => line.Replace("=", "=\r\n=", StringComparison.Ordinal),
                    });
            case 7:
                {
                    var lines = Lines(bytes);
                    var size = random.Next(4) == 0 ? 1_000_000 + random.Next(1_000_000) : 1_000 + random.Next(100_000);
                    const string fills = "aZ=+/ \t\u00e9";
                    var fill = (byte)fills[random.Next(fills.Length)];
                    var huge = new byte[size];
                    Array.Fill(huge, fill);
                    lines.Insert(random.Next(lines.Count + 1), huge);
                    steps.Add($"a line of {size} × 0x{fill:x2}");
                    return Join(lines);
                }
            case 8:
                {
                    var end = HeaderEnd(bytes);
                    steps.Add("header only");
                    return bytes[..end];
                }
            case 9:
                {
                    var length = 1 + random.Next(4096);
                    var noise = new byte[length];
                    random.NextBytes(noise);
                    var at = random.Next(bytes.Length + 1);
                    var cut = Math.Min(bytes.Length, at + random.Next(length + 1));
                    steps.Add($"{length} bytes of noise at {at}");
                    return [.. bytes[..at], .. noise, .. bytes[cut..]];
                }
            case 10:
                {
                    var noise = new byte[random.Next(65_536)];
                    random.NextBytes(noise);
                    steps.Add($"replaced by {noise.Length} bytes of noise");
                    return noise;
                }
            case 11:
                {
                    // Line ends mixed: bare CR, bare LF, CRLF, as broken relays leave them.
                    var ending = random.Next(3) switch { 0 => "\r", 1 => "\n", _ => "\r\r\n" };
                    steps.Add($"line ends {ending.Replace("\r", "CR").Replace("\n", "LF")}");
                    return Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(bytes).Replace("\r\n", ending, StringComparison.Ordinal));
                }
            default:
                {
                    // Header damage: a folded line without its field, a field without a colon, an endless fold.
                    var lines = Lines(bytes);
                    var end = Math.Max(1, Math.Min(lines.Count, 1 + random.Next(Math.Max(1, lines.Count / 3))));
                    var at = random.Next(end);
                    var what = random.Next(3) switch
                    {
                        0 => " continued without a field",
                        1 => "Broken header line without colon",
                        _ => "Subject: " + string.Concat(Enumerable.Repeat("=?utf-8?B?2LPZhNin2YU=?=\r\n ", 2000)),
                    };
                    lines.Insert(at, Encoding.UTF8.GetBytes(what));
                    steps.Add($"header damage at line {at}");
                    return Join(lines);
                }
        }
    }

    private static byte[] BreakBoundaries(Random random, byte[] bytes, List<string> steps)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var marker = text.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            steps.Add("no boundary to break");
            return bytes;
        }
        var start = marker + "boundary=".Length;
        var quoted = start < text.Length && text[start] == '"';
        var valueStart = quoted ? start + 1 : start;
        var valueEnd = valueStart;
        while (valueEnd < text.Length && (quoted ? text[valueEnd] != '"' : !char.IsWhiteSpace(text[valueEnd]) && text[valueEnd] != ';'))
        {
            valueEnd++;
        }
        var boundary = text[valueStart..valueEnd];
        if (boundary.Length == 0)
        {
            steps.Add("empty boundary");
            return bytes;
        }
        switch (random.Next(4))
        {
            case 0:
                steps.Add("closing boundary removed");
                text = text.Replace("--" + boundary + "--", "", StringComparison.Ordinal);
                break;
            case 1:
                steps.Add("every boundary line altered");
                text = text.Replace("--" + boundary, "--" + boundary[..^1] + "X", StringComparison.Ordinal);
                break;
            case 2:
                steps.Add("boundary parameter emptied");
                text = text[..valueStart] + text[valueEnd..];
                break;
            default:
                steps.Add("boundary lines swapped with the closing one");
                text = text.Replace("--" + boundary + "\r\n", "--" + boundary + "--\r\n", StringComparison.Ordinal);
                break;
        }
        return Encoding.Latin1.GetBytes(text);
    }

    private static byte[] Corrupt(Random random, byte[] bytes, List<string> steps, string what, Func<string, bool> applies, Func<string, string> damage)
    {
        var lines = Encoding.Latin1.GetString(bytes).Split("\r\n");
        var candidates = Enumerable.Range(0, lines.Length).Where(i => applies(lines[i])).ToList();
        if (candidates.Count == 0)
        {
            steps.Add($"no {what} to break");
            return bytes;
        }
        var count = 1 + random.Next(Math.Min(candidates.Count, 20));
        for (var i = 0; i < count; i++)
        {
            var at = candidates[random.Next(candidates.Count)];
            if (lines[at].Length > 0)
            {
                lines[at] = damage(lines[at]);
            }
        }
        steps.Add($"bad {what} on {count} lines");
        return Encoding.Latin1.GetBytes(string.Join("\r\n", lines));
    }

    private static int HeaderEnd(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var crlf = span.IndexOf("\r\n\r\n"u8);
        var lf = span.IndexOf("\n\n"u8);
        return crlf >= 0 ? crlf + 2 : lf >= 0 ? lf + 1 : bytes.Length;
    }

    private static List<byte[]> Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }
        return lines;
    }

    private static byte[] Join(List<byte[]> lines)
    {
        var output = new List<byte>();
        foreach (var line in lines)
        {
            output.AddRange(line);
            if (line.Length == 0 || line[^1] != '\n')
            {
                output.Add((byte)'\r');
                output.Add((byte)'\n');
            }
        }
        return [.. output];
    }
}
