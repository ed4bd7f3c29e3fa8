using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Notifications;
using Rapport.Features.Timeline;

namespace Rapport.Features.Sla;

/// <summary>
/// What a policy does when a target warns or breaches: raise the priority one step, move the
/// conversation to a team, add a tag, or notify the assignee or the team lead. A notify is an
/// <c>sla.notify</c> activity naming who should hear; the notification writer turns its
/// <c>notify</c> list into that agent's notification in the same save. Every action
/// is the conversation's own move, so it is logged like any other change (by the system).
/// </summary>
internal static class SlaEscalations
{
    public static async Task RunAsync(RapportDb db, Conversation conversation, PolicyRules rules, EscalationTrigger trigger, TargetKind kind, DateTime now, CancellationToken ct)
    {
        if (conversation.Status == ConversationStatus.Closed)
        {
            return;
        }
        foreach (var rule in rules.Escalations.Where(e => e.On == trigger && (e.Target is null || e.Target == kind)))
        {
            switch (rule.Action)
            {
                case EscalationAction.RaisePriority when conversation.Priority < Priority.Urgent:
                    conversation.SetPriority(conversation.Priority + 1, Actor.System, now);
                    break;
                case EscalationAction.MoveToTeam when rule.TeamId is { } teamId && conversation.TeamId != teamId:
                    conversation.Transfer(teamId, null, $"SLA {EnumName(kind)} {EnumName(trigger)}", Actor.System, now);
                    break;
                case EscalationAction.AddTag when rule.Tag is { } tag && !conversation.Tags.Exists(t => string.Equals(t.Tag?.Name, tag, StringComparison.OrdinalIgnoreCase)):
                    var resolved = await TagResolver.ResolveAsync(db, [tag], now, ct);
                    conversation.SetTags([.. conversation.Tags.Select(t => t.Tag!), .. resolved], Actor.System, now);
                    break;
                case EscalationAction.Notify:
                    var whom = rule.Notify == NotifyWhom.TeamLead
                        ? conversation.TeamId is { } team ? await db.Teams.Where(t => t.Id == team).Select(t => t.LeadUserId).SingleOrDefaultAsync(ct) : null
                        : conversation.AssigneeId;
                    db.Activities.Add(Activity.ForConversation(conversation, ActivityKinds.SlaNotify, Actor.System, now, new
                    {
                        whom = rule.Notify, user_id = whom, target = kind, trigger,
                        notify = whom is { } id ? new[] { id } : [],
                        notify_kind = trigger == EscalationTrigger.Breach ? NotificationKinds.SlaBreached : NotificationKinds.SlaWarning,
                    }));
                    break;
            }
        }
    }

    private static string EnumName<T>(T value) where T : struct, Enum => Web.EnumNames.Of(value);
}
