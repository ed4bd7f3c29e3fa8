using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Rapport.Web;

/// <summary>The <c>RateLimits</c> section.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in and other unauthenticated endpoints: attempts per minute from one address.</summary>
    public int PublicPerMinute { get; set; } = 20;

    /// <summary>API requests per second for one caller (token or session), with a burst of ten times that.</summary>
    public int ApiPerSecond { get; set; } = 500;
}

public static class RateLimits
{
    /// <summary>Endpoints anyone can reach without signing in.</summary>
    public const string Public = "public";
    /// <summary>The signed-in API, limited per caller.</summary>
    public const string Api = "api";

    public static void AddRateLimits(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                await TypedResults.Problem(statusCode: 429, title: "Too many requests.", detail: "Wait a moment and try again.")
                    .ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(Public, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PublicPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(Api, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.ApiPerSecond * 10,
                    TokensPerPeriod = options.ApiPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
        });
    }
}
