using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Web.Auth;

namespace Rapport.Features.Realtime;

/// <summary>
/// The agent console's live channel. Every connection is in <c>inbox</c> and its own
/// <c>user:{id}</c>; it joins <c>conversation:{id}</c> for the conversations it has open.
/// Server to client: ConversationChanged, CustomerChanged, Refresh, ActivityAdded, Notification, Viewers, Typing.
/// </summary>
public sealed class ConsoleHub(RapportDb db, Presence presence) : Hub
{
    public const string Path = "/hubs/console";
    public const string InboxGroup = "inbox";

    public static string ConversationGroup(long id) => $"conversation:{id}";

    public static string UserGroup(long id) => $"user:{id}";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, InboxGroup);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(User.UserId()));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var conversationId in presence.Disconnect(Context.ConnectionId))
        {
            await Clients.Group(ConversationGroup(conversationId)).SendAsync("Viewers", conversationId, presence.Viewers(conversationId));
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Receives the conversation's ActivityAdded, Viewers and Typing without showing as a viewer.</summary>
    public async Task JoinConversation(long id)
    {
        await EnsureExistsAsync(id);
        await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(id));
    }

    /// <summary>Joins the conversation and shows this agent among its viewers; returns the viewers now.</summary>
    public async Task<IReadOnlyList<AgentRef>> ViewConversation(long id)
    {
        await EnsureExistsAsync(id);
        await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroup(id));
        presence.View(id, Context.ConnectionId, Agent);
        var viewers = presence.Viewers(id);
        await Clients.Group(ConversationGroup(id)).SendAsync("Viewers", id, viewers);
        return viewers;
    }

    public async Task LeaveConversation(long id)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ConversationGroup(id));
        if (presence.Leave(id, Context.ConnectionId))
        {
            await Clients.Group(ConversationGroup(id)).SendAsync("Viewers", id, presence.Viewers(id));
        }
    }

    /// <summary>Relayed to the other viewers of the conversation, never echoed to the sender.</summary>
    public async Task Typing(long id, bool isTyping)
    {
        if (!presence.IsViewing(id, Context.ConnectionId))
        {
            throw new HubException("View the conversation before typing in it.");
        }
        presence.Typing(id, Context.ConnectionId, Agent, isTyping);
        await Clients.OthersInGroup(ConversationGroup(id)).SendAsync("Typing", id, Agent, isTyping);
    }

    private ClaimsPrincipal User => Context.User ?? throw new HubException("Not signed in.");

    private AgentRef Agent => new(User.UserId(), User.Identity?.Name ?? "");

    private async Task EnsureExistsAsync(long id)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == id, Context.ConnectionAborted))
        {
            throw new HubException($"Conversation {id} does not exist.");
        }
    }
}
