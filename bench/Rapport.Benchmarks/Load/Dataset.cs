using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rapport.Benchmarks.Load;

/// <summary>
/// Generates import lines: conversations in English, Persian and Armenian with alternating
/// customer messages and agent replies over the past year, plus one long conversation.
/// </summary>
public static class Dataset
{
    public const string LongConversationExternalId = "bench-long";
    public const int LongConversationMessages = 200;

    private static readonly string[] FirstNames = ["Sara", "سارا", "Անի", "John", "مریم", "Արամ", "Emma", "علی", "Նարե", "David"];
    private static readonly string[] LastNames = ["Smith", "احمدی", "Պետրոսյան", "Brown", "کریمی", "Հակոբյան", "Jones", "رضایی", "Սարգսյան", "Taylor"];
    private static readonly string[] Subjects = ["Where is my order?", "سفارش من کجاست؟", "Որտե՞ղ է իմ պատվերը", "Refund request", "درخواست بازپرداخت", "Invoice question"];
    private static readonly string[] Bodies =
    [
        "Hello, my order has not arrived yet. Could you check the delivery status please?",
        "سلام، سفارش من هنوز نرسیده است. لطفاً وضعیت ارسال را بررسی کنید.",
        "Բարև Ձեզ, իմ պատվերը դեռ չի հասել։ Խնդրում եմ ստուգել։",
        "Thanks for your patience, I have checked and it leaves the warehouse today.",
        "ممنون از صبر شما، بررسی کردم و امروز از انبار ارسال می‌شود.",
    ];

    public static string CustomerEmail(int n) => $"customer{n}@bench.test";

    /// <summary>Every fourth conversation is closed, as old history is; closed conversations take no messages.</summary>
    public static bool IsClosed(long n) => n % 4 == 2;

    public static IEnumerable<string> Lines(int conversations, int messagesPerConversation, string agentEmail, DateTime now)
    {
        var random = new Random(42);
        yield return Line(LongConversationExternalId, 0, LongConversationMessages, agentEmail, now, random);
        for (var i = 1; i < conversations; i++)
        {
            yield return Line($"bench-{i}", i, messagesPerConversation, agentEmail, now, random);
        }
    }

    private static string Line(string externalId, int n, int messages, string agentEmail, DateTime now, Random random)
    {
        var start = now.AddMinutes(-random.Next(60 * 24 * 2, 60 * 24 * 365));
        var customerNo = n / 3; // three conversations for each customer
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("external_id", externalId);
            json.WriteString("subject", Subjects[n % Subjects.Length]);
            json.WriteString("status", IsClosed(n) ? "closed" : (n % 4) switch { 0 => "open", 1 => "solved", _ => "pending" });
            json.WriteString("priority", (n % 10) switch { 0 => "urgent", 1 or 2 => "high", 3 => "low", _ => "normal" });
            json.WriteString("channel", (n % 5) switch { 0 or 1 => "email", 2 => "chat", 3 => "phone", _ => "portal" });
            json.WriteString("created_at", start.ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartObject("customer");
            json.WriteString("name", $"{FirstNames[customerNo % FirstNames.Length]} {LastNames[(customerNo / 10) % LastNames.Length]} {customerNo}");
            json.WriteString("email", CustomerEmail(customerNo));
            json.WriteEndObject();
            json.WriteStartArray("messages");
            var at = start;
            for (var m = 0; m < messages; m++)
            {
                json.WriteStartObject();
                var inbound = m % 2 == 0;
                json.WriteString("kind", inbound ? "inbound" : "outbound");
                if (!inbound)
                {
                    json.WriteString("author", agentEmail);
                }
                json.WriteString("body_text", Bodies[(n + m) % Bodies.Length]);
                json.WriteString("created_at", at.ToString("O", CultureInfo.InvariantCulture));
                json.WriteEndObject();
                at = at.AddMinutes(random.Next(1, 120));
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
