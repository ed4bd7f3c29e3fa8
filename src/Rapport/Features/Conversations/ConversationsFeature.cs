using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Features.Conversations;

public static class ConversationsFeature
{
    public static void AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AttachmentStore>();
        // Program.cs calls UseAntiforgery(); until the console pages register it, the host cannot start without this.
        // It is idempotent, so registering it again elsewhere is harmless.
        builder.Services.AddAntiforgery();
    }

    public static void MapConversationsApi(this IEndpointRouteBuilder api)
    {
        var options = api.ServiceProvider.GetRequiredService<IOptions<RapportOptions>>().Value;
        api.MapConversationsRoutes(options.MaxAttachmentBytes);
    }
}
