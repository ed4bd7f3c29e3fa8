namespace Rapport.Features.Conversations;

public static class ConversationsFeature
{
    public static void AddConversations(this IHostApplicationBuilder builder)
    {
    }

    public static void MapConversationsApi(this IEndpointRouteBuilder api)
    {
    }
}
