using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Rapport.Data;
using Rapport.Features.Conversations;

namespace Rapport.Features.Sla;

/// <summary>
/// The service standards in words, for every place a customer reads them: the public API and page,
/// the acknowledgement mail, the status page. One writer, so they never disagree with each other or
/// with the policies the SLA clock measures.
/// </summary>
public static class ServiceStandards
{
    public static readonly IReadOnlyList<string> Languages = ["en", "fa", "hy"];

    /// <summary>Every policy's standards, in match order, in <paramref name="language"/>.</summary>
    public static List<PolicyStandards> All(IReadOnlyList<LoadedPolicy> policies, IStringLocalizer<StandardsText> text, string language) =>
        In(language, () => policies.Select(p => new PolicyStandards(p.Id, p.Name,
            [.. p.Rules.Targets.OrderByDescending(t => t.Priority).ThenBy(t => t.Kind).Select(t => StandardsApi.Line(t, text, language))])).ToList());

    /// <summary>The lines that apply to one conversation: its policy's targets for its priority; none when no policy applies.</summary>
    public static List<StandardLine> For(LoadedPolicy? policy, Priority priority, IStringLocalizer<StandardsText> text, string language) =>
        policy is null ? [] : In(language, () => policy.Rules.Targets.Where(t => t.Priority == priority).OrderBy(t => t.Kind)
            .Select(t => StandardsApi.Line(t, text, language)).ToList());

    /// <summary>The lines for a stored conversation, from the policy the SLA clock applied to it.</summary>
    public static async Task<List<StandardLine>> ForConversationAsync(RapportDb db, SlaPolicyCache cache, long conversationId, Priority priority,
        IStringLocalizer<StandardsText> text, string language, CancellationToken ct)
    {
        var policyId = await db.ConversationSlas.AsNoTracking().Where(s => s.ConversationId == conversationId).Select(s => s.PolicyId).FirstOrDefaultAsync(ct);
        if (policyId is null)
        {
            return [];
        }
        var policy = (await cache.GetAsync(db, ct)).FirstOrDefault(p => p.Id == policyId);
        return For(policy, priority, text, language);
    }

    /// <summary>The localiser reads the current UI culture; it is set here for the work and put back after.</summary>
    private static T In<T>(string language, Func<T> work)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return work();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
