using Rapport.Features.Realtime;

namespace Rapport.Tests.Features.Realtime;

/// <summary>Presence tells its listeners (the console's Blazor circuits) what hub connections and other circuits do.</summary>
public sealed class PresenceEventsTests
{
    [Fact]
    public void ViewingLeavingAndDisconnectingEachRaiseViewersChangedOnceForTheirConversation()
    {
        var presence = new Presence();
        var changed = new List<long>();
        presence.ViewersChanged += changed.Add;
        var ani = new AgentRef(1, "Ani");

        presence.View(7, "hub-1", ani);
        presence.View(7, "hub-1", ani);
        presence.View(8, "circuit:a", ani);
        presence.Leave(8, "circuit:a");
        presence.Leave(8, "circuit:a");
        presence.Disconnect("hub-1");

        Assert.Equal([7, 8, 8, 7], changed);
        Assert.Empty(presence.Viewers(7));
    }

    [Fact]
    public void TypingIsPassedOnWithWhoAndWhere()
    {
        var presence = new Presence();
        (long Conversation, string Key, AgentRef Agent, bool Typing)? heard = null;
        presence.TypingChanged += (c, k, a, t) => heard = (c, k, a, t);

        presence.Typing(7, "hub-1", new AgentRef(2, "Dara"), true);

        Assert.Equal((7L, "hub-1", new AgentRef(2, "Dara"), true), heard);
    }
}
