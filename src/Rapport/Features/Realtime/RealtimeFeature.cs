using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Rapport.Data;
using Rapport.Web.Auth;

namespace Rapport.Features.Realtime;

public static class RealtimeFeature
{
    public static void AddRealtime(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSignalR().AddJsonProtocol(o =>
        {
            // The same wire style as the API: snake_case names, enums as snake_case strings.
            o.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        services.AddSingleton<Presence>();
        services.AddSingleton<IRealtimeBus, RealtimeBus>();
        services.AddSingleton<ActivityEventInterceptor>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<ActivityEventInterceptor>());
        services.AddHostedService<HubDispatcher>();

        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.Provider == DatabaseProvider.Postgres && !string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            // Made by a factory so the container disposes it, closing its pooled connections with the host.
            var connectionString = database.ConnectionString;
            services.AddSingleton(_ => new RealtimeConnections(RealtimeConnections.Open(connectionString)));
            services.AddSingleton(sp => new PostgresNotifier(sp.GetRequiredService<RealtimeConnections>().Source,
                sp.GetRequiredService<ILogger<PostgresNotifier>>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IRealtimeOutlet>(sp => sp.GetRequiredService<PostgresNotifier>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresNotifier>());
            services.AddHostedService(sp => new PostgresListener(sp.GetRequiredService<RealtimeConnections>().Source,
                sp.GetRequiredService<IRealtimeBus>(), sp.GetRequiredService<ILogger<PostgresListener>>()));
        }
        else
        {
            services.AddSingleton<IRealtimeOutlet, LocalOutlet>();
        }
    }

    public static void MapRealtime(this IEndpointRouteBuilder app)
    {
        app.MapHub<ConsoleHub>(ConsoleHub.Path).RequireAuthorization(AuthSetup.Read);
    }
}

/// <summary>Realtime's own connections to PostgreSQL (NOTIFY and the long-lived LISTEN), apart from EF's pool.</summary>
internal sealed class RealtimeConnections(NpgsqlDataSource source) : IAsyncDisposable
{
    public NpgsqlDataSource Source { get; } = source;

    public static NpgsqlDataSource Open(string connectionString) => new NpgsqlDataSourceBuilder(
        new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 15, ApplicationName = "rapport-realtime" }.ConnectionString).Build();

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
