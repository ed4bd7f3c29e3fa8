using Microsoft.Extensions.Options;
using Rapport.Data;

namespace Rapport.Features.Conversations;

public static class ConversationsFeature
{
    public static void AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AttachmentStore>();
        builder.Services.AddSingleton<UploadSlots>();
    }

    public static void MapConversationsApi(this IEndpointRouteBuilder api)
    {
        var options = api.ServiceProvider.GetRequiredService<IOptions<RapportOptions>>().Value;
        api.MapConversationsRoutes(options.MaxAttachmentBytes);
    }
}
