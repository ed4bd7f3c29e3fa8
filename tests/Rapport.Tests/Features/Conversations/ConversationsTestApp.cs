using Microsoft.AspNetCore.Hosting;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Features.Conversations;

/// <summary>Rapport with a small attachment limit, so the over-the-limit case needs no large upload.</summary>
public abstract class ConversationsTestApp(DatabaseProvider provider) : RapportApp(provider)
{
    public const long MaxAttachmentBytes = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:MaxAttachmentBytes", MaxAttachmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class ConversationsSqliteApp() : ConversationsTestApp(DatabaseProvider.Sqlite);

public sealed class ConversationsPostgresApp() : ConversationsTestApp(DatabaseProvider.Postgres);
