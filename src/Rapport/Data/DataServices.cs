using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Rapport.Data;

public static class DataServices
{
    public static void AddRapportData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Database")
            .Validate(o => o.Provider == DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is Postgres.")
            .ValidateOnStart();
        builder.Services.AddOptions<RapportOptions>().BindConfiguration("Rapport")
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddDbContextPool<RapportDb>((sp, options) =>
        {
            var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var rapport = sp.GetRequiredService<IOptions<RapportOptions>>().Value;
            if (db.Provider == DatabaseProvider.Postgres)
            {
                options.UseNpgsql(db.ConnectionString);
            }
            else
            {
                options.UseSqlite(SqliteConnectionString(db, rapport)).AddInterceptors(new SqliteConnectionSetup(db.SqliteSynchronous));
            }
            // Features that act on saves and commits (realtime) register EF interceptors as services.
            options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        builder.Services.AddScoped<Migrator>();
        builder.Services.AddSingleton<ThisInstance>();
        builder.Services.AddHostedService<NodeHeartbeat>();
        DatabaseXmlRepository.AddTo(builder.Services);
    }

    public static string SqliteConnectionString(DatabaseOptions db, RapportOptions rapport)
    {
        if (!string.IsNullOrWhiteSpace(db.ConnectionString))
        {
            return db.ConnectionString;
        }
        Directory.CreateDirectory(rapport.DataPath);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(rapport.DataPath, "rapport.db"),
            Cache = SqliteCacheMode.Default,
            Pooling = true,
        }.ToString();
    }
}
