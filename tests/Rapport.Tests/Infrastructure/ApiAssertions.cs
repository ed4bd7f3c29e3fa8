using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rapport.Tests.Infrastructure;

/// <summary>Small helpers for reading API responses in tests.</summary>
public static class ApiAssertions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Asserts the status and returns the body as JSON, showing the body when the status is wrong.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem with the status (content type application/problem+json).</summary>
    public static async Task<JsonNode> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        return body;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, Json);

    public static HttpContent RawJson(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");
}
