namespace Rapport.Features.Mail.Parsing;

/// <summary>Content-Transfer-Encoding decoders that take whatever arrives and say when it was wrong.</summary>
internal static class TransferDecoding
{
    private static readonly sbyte[] Base64Values = BuildBase64Table();

    private static sbyte[] BuildBase64Table()
    {
        var table = new sbyte[256];
        Array.Fill(table, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++)
        {
            table[alphabet[i]] = (sbyte)i;
        }
        // base64url letters, which some gateways emit: mean the same six bits.
        table['-'] = 62;
        table['_'] = 63;
        return table;
    }

    public static byte[] Decode(ReadOnlySpan<byte> body, string? encoding, List<string> defects)
    {
        switch (encoding)
        {
            case "base64":
                var bytes = Base64(body, out var bad);
                if (bad)
                {
                    defects.Add("base64 content holds characters outside the base64 alphabet or ends mid-group; the valid part was kept");
                }
                return bytes;
            case "quoted-printable":
                return QuotedPrintable(body);
            default:
                return body.ToArray();
        }
    }

    /// <summary>
    /// Skips whitespace and garbage, treats '=' as the end of a group (concatenated base64 blocks
    /// occur), and keeps a trailing partial group's whole bytes.
    /// </summary>
    public static byte[] Base64(ReadOnlySpan<byte> input, out bool bad)
    {
        bad = false;
        var output = new byte[(input.Length / 4 * 3) + 3];
        int o = 0, bits = 0, count = 0;
        foreach (var c in input)
        {
            var v = Base64Values[c];
            if (v < 0)
            {
                if (c == '=')
                {
                    FlushPartial(output, ref o, bits, count, ref bad);
                    bits = 0;
                    count = 0;
                }
                else if (c is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    bad = true;
                }
                continue;
            }
            bits = (bits << 6) | (byte)v;
            if (++count == 4)
            {
                output[o++] = (byte)(bits >> 16);
                output[o++] = (byte)(bits >> 8);
                output[o++] = (byte)bits;
                bits = 0;
                count = 0;
            }
        }
        if (count > 0)
        {
            bad = true;
            FlushPartial(output, ref o, bits, count, ref bad);
        }
        return o == output.Length ? output : output.AsSpan(0, o).ToArray();
    }

    private static void FlushPartial(byte[] output, ref int o, int bits, int count, ref bool bad)
    {
        switch (count)
        {
            case 2:
                output[o++] = (byte)(bits >> 4);
                break;
            case 3:
                output[o++] = (byte)(bits >> 10);
                output[o++] = (byte)(bits >> 2);
                break;
            case 1:
                bad = true;
                break;
        }
    }

    public static byte[] QuotedPrintable(ReadOnlySpan<byte> input)
    {
        var output = new byte[input.Length];
        var o = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c != '=')
            {
                output[o++] = c;
                continue;
            }
            if (i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
            {
                output[o++] = (byte)((HexValue(input[i + 1]) << 4) | HexValue(input[i + 2]));
                i += 2;
                continue;
            }
            // A soft line break, possibly with transport padding between '=' and the line end.
            var j = i + 1;
            while (j < input.Length && input[j] is (byte)' ' or (byte)'\t')
            {
                j++;
            }
            if (j < input.Length && input[j] == '\r')
            {
                j++;
            }
            if (j < input.Length && input[j] == '\n')
            {
                i = j;
                continue;
            }
            if (j >= input.Length)
            {
                i = j;
                continue;
            }
            output[o++] = c;
        }
        return output.AsSpan(0, o).ToArray();
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
