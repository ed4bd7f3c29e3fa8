using System.Net.Http.Json;
using System.Text.Json;

namespace Rapport.Benchmarks.Load;

public sealed record Operation(string Name, Func<HttpClient, Random, WorkerSlot, Task<HttpResponseMessage>> Send);

/// <summary>What agents and integrations do most, as the API sees it.</summary>
public static class Operations
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IEnumerable<Operation> All(OperationContext c) =>
    [
        new("create conversation", (http, r, _) => http.PostAsJsonAsync("/api/v1/conversations", new
        {
            Subject = "Load test question",
            Channel = "api",
            Customer = new { Email = Dataset.CustomerEmail(r.Next(0, 1000)) },
            Message = new { Kind = "inbound", BodyText = "Hello, I have a question about my invoice." },
        }, Json)),
        new("inbound message", (http, r, w) => http.PostAsJsonAsync($"/api/v1/conversations/{c.OpenConversation(r, w.Worker, w.Workers)}/inbound",
            new { BodyText = "Any news on this? سلام، خبری نشد؟" }, Json)),
        new("agent reply", (http, r, w) => http.PostAsJsonAsync($"/api/v1/conversations/{c.OpenConversation(r, w.Worker, w.Workers)}/reply",
            new { BodyText = "Thanks for waiting, it is on its way." }, Json)),
        new("inbox first page", (http, _, _) => http.GetAsync("/api/v1/conversations?status=new,open&limit=50")),
        new("open conversation (200 messages)", (http, _, _) => http.GetAsync($"/api/v1/conversations/{c.LongConversationId}/messages?limit=200")),
        new("search customers (English)", (http, r, _) => http.GetAsync($"/api/v1/customers?q=customer{r.Next(0, 1000)}&limit=20")),
        new("search customers (Persian)", (http, _, _) => http.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString("سارا احمدي")}&limit=20")),
        // The inbox search over message text (FTS5 trigram on SQLite, pg_trgm on PostgreSQL): a word
        // in a fifth of all messages, and one in none, each with the first page of 50.
        new("search messages (Persian, common)", (http, _, _) => http.GetAsync($"/api/v1/conversations?q={Uri.EscapeDataString("انبار")}&limit=50")),
        new("search messages (no match)", (http, _, _) => http.GetAsync("/api/v1/conversations?q=zanzibar&limit=50")),
        new("customer timeline", (http, _, _) => http.GetAsync($"/api/v1/customers/{c.CustomerId}/timeline?limit=50")),
    ];
}
