using Rapport.Features.Conversations;
using Rapport.Features.Sla;
using Rapport.Features.Sla.Calendars;
using Rapport.Features.Sla.Engine;
using Rapport.Features.Timeline;
using static Rapport.Tests.Features.Sla.Calendars;

namespace Rapport.Tests.Features.Sla;

/// <summary>The evaluator replays a conversation's log: what starts, stops and pauses each target (docs/sla.md).</summary>
public sealed class SlaEvaluatorTests
{
    private static readonly BusinessCalendar Always = BusinessCalendar.AlwaysOpen;

    private static PolicyRules Rules(params TargetRule[] targets) =>
        new(new PolicyConditions(), [.. targets], PolicyRules.DefaultPauses, [], []);

    private static DateTime T(int hour, int minute = 0) => Utc(2026, 1, 5, hour, minute);

    private static SlaEvent Created(DateTime at, Priority priority = Priority.Normal) => new(at, SlaEventType.Created, ConversationStatus.New, priority);
    private static SlaEvent Customer(DateTime at) => new(at, SlaEventType.CustomerMessage);
    private static SlaEvent Reply(DateTime at) => new(at, SlaEventType.AgentReply);
    private static SlaEvent Status(DateTime at, ConversationStatus to) => new(at, SlaEventType.StatusChanged, to);
    private static SlaEvent PriorityTo(DateTime at, Priority to) => new(at, SlaEventType.PriorityChanged, Priority: to);

    private static TargetEvaluation Target(SlaEvaluation evaluation, TargetKind kind) => Assert.Single(evaluation.Targets, t => t.Kind == kind);

    [Fact]
    public void FirstReplyRunsInBusinessTimeAndSkipsTheLunchBreak()
    {
        var rules = Rules(new TargetRule(Priority.Urgent, TargetKind.FirstReply, 5));
        var created = TehranTime(2026, 1, 3, 11, 58);
        var sla = SlaEvaluator.Evaluate([Created(created, Priority.Urgent), Customer(created)], rules, Tehran(), TehranTime(2026, 1, 3, 12, 30));
        var first = Target(sla, TargetKind.FirstReply);
        Assert.Equal(TargetState.Active, first.State);
        Assert.Equal(TehranTime(2026, 1, 3, 13, 3), first.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(2), first.Elapsed);
        Assert.Equal(TimeSpan.FromMinutes(3), first.Remaining);
        Assert.Equal(TehranTime(2026, 1, 3, 13, 3), sla.NextDueAt);
    }

    [Fact]
    public void FirstReplyBreachesAtItsDueTimeAndIsMetByAReplyBefore()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.FirstReply, 30, BusinessTime: false));
        SlaEvent[] log = [Created(T(10)), Customer(T(10))];
        Assert.Equal(TargetState.Active, Target(SlaEvaluator.Evaluate(log, rules, Always, T(10, 29)), TargetKind.FirstReply).State);
        var breached = Target(SlaEvaluator.Evaluate(log, rules, Always, T(10, 30)), TargetKind.FirstReply);
        Assert.Equal(TargetState.Breached, breached.State);
        Assert.Equal(T(10, 30), breached.BreachedAt);

        var met = Target(SlaEvaluator.Evaluate([.. log, Reply(T(10, 20))], rules, Always, T(12)), TargetKind.FirstReply);
        Assert.Equal(TargetState.Met, met.State);
        Assert.Equal(T(10, 20), met.MetAt);
        Assert.Null(met.BreachedAt);
    }

    [Fact]
    public void AReplyExactlyAtTheDueTimeMeetsIt()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.FirstReply, 30, BusinessTime: false));
        var met = Target(SlaEvaluator.Evaluate([Created(T(10)), Reply(T(10, 30))], rules, Always, T(11)), TargetKind.FirstReply);
        Assert.Equal(TargetState.Met, met.State);
    }

    [Fact]
    public void ALateReplyStopsTheClockButTheTargetStaysBreached()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.FirstReply, 30, BusinessTime: false));
        var late = Target(SlaEvaluator.Evaluate([Created(T(10)), Reply(T(10, 45))], rules, Always, T(11)), TargetKind.FirstReply);
        Assert.Equal(TargetState.Breached, late.State);
        Assert.Equal(T(10, 30), late.BreachedAt);
        Assert.Equal(T(10, 45), late.MetAt);
    }

    [Fact]
    public void NotesAndUnknownRowsMoveNoClock()
    {
        Assert.Null(SlaEvent.From(ActivityKinds.NoteAdded, ActorKind.User, """{"message_kind":"note"}""", T(10)));
        Assert.Null(SlaEvent.From(ActivityKinds.MessageAdded, ActorKind.User, """{"message_kind":"note"}""", T(10)));
        Assert.Null(SlaEvent.From(ActivityKinds.TagsChanged, ActorKind.User, """{"added":["x"]}""", T(10)));
        Assert.Equal(SlaEventType.AgentReply, SlaEvent.From(ActivityKinds.MessageAdded, ActorKind.User, """{"message_kind":"outbound"}""", T(10))!.Type);
        Assert.Equal(SlaEventType.CustomerMessage, SlaEvent.From(ActivityKinds.MessageAdded, ActorKind.Customer, """{"message_kind":"inbound"}""", T(10))!.Type);
    }

    [Fact]
    public void ImportedRowsNameTheMessageKindAsKind()
    {
        Assert.Equal(SlaEventType.AgentReply, SlaEvent.From(ActivityKinds.MessageAdded, ActorKind.User, """{"kind":"outbound","channel":"email"}""", T(10))!.Type);
        var created = SlaEvent.From(ActivityKinds.ConversationCreated, ActorKind.Customer, """{"priority":"urgent","status":"new","imported":true}""", T(9))!;
        Assert.Equal((SlaEventType.Created, Priority.Urgent, ConversationStatus.New), (created.Type, created.Priority!.Value, created.Status!.Value));
        var status = SlaEvent.From(ActivityKinds.StatusChanged, ActorKind.System, """{"from":"open","to":"on_hold"}""", T(9))!;
        Assert.Equal(ConversationStatus.OnHold, status.Status);
    }

    [Fact]
    public void NextReplyStartsAtTheFirstCustomerMessageAfterAnAgentReply()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.NextReply, 60, BusinessTime: false));
        SlaEvent[] log =
        [
            Created(T(9)), Customer(T(9)), Customer(T(9, 10)), // before any reply: first reply's business, not next reply's
            Reply(T(9, 30)),
            Customer(T(10)), Customer(T(10, 20)), // the second message does not restart the clock
        ];
        var sla = SlaEvaluator.Evaluate(log, rules, Always, T(10, 30));
        var next = Target(sla, TargetKind.NextReply);
        Assert.Equal(T(10), next.StartedAt);
        Assert.Equal(T(11), next.DueAt);
        Assert.Single(sla.Runs);

        var later = SlaEvaluator.Evaluate([.. log, Reply(T(11, 30)), Customer(T(12)), Reply(T(12, 10))], rules, Always, T(13));
        Assert.Equal([TargetState.Breached, TargetState.Met], later.Runs.Select(r => r.State));
        Assert.Equal(T(11), Assert.Single(later.Breaches).BreachedAt);
        Assert.Equal(T(12), Target(later, TargetKind.NextReply).StartedAt);
    }

    [Fact]
    public void PendingPausesResolutionAndTheTimeUsedSurvivesThePause()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.Resolution, 60, BusinessTime: false));
        SlaEvent[] log = [Created(T(10)), Customer(T(10)), Reply(T(10, 5)), Status(T(10, 20), ConversationStatus.Pending)];
        var paused = Target(SlaEvaluator.Evaluate(log, rules, Always, T(10, 30)), TargetKind.Resolution);
        Assert.Equal(TargetState.Paused, paused.State);
        Assert.Null(paused.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(20), paused.Elapsed);
        Assert.Equal(TimeSpan.FromMinutes(40), paused.Remaining);

        // The customer answers: the conversation opens again and the clock resumes with 40 minutes left.
        var resumed = Target(SlaEvaluator.Evaluate([.. log, Customer(T(11)), Status(T(11), ConversationStatus.Open)], rules, Always, T(11, 10)), TargetKind.Resolution);
        Assert.Equal(TargetState.Active, resumed.State);
        Assert.Equal(T(11, 40), resumed.DueAt);
        var span = Assert.Single(resumed.Pauses);
        Assert.Equal((T(10, 20), T(11), ConversationStatus.Pending), (span.From, span.To!.Value, span.Status));
    }

    [Fact]
    public void OnHoldPausesResolutionButNotFirstReplyByDefault()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.Resolution, 60, false), new TargetRule(Priority.Normal, TargetKind.FirstReply, 30, false));
        var sla = SlaEvaluator.Evaluate([Created(T(10)), Status(T(10, 10), ConversationStatus.OnHold)], rules, Always, T(10, 40));
        Assert.Equal(TargetState.Paused, Target(sla, TargetKind.Resolution).State);
        Assert.Equal(TargetState.Breached, Target(sla, TargetKind.FirstReply).State);
    }

    [Fact]
    public void WhichStatusesPauseWhichTargetIsConfigurable()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.FirstReply, 30, false), new TargetRule(Priority.Normal, TargetKind.Resolution, 60, false)) with
        {
            Pauses = new() { [TargetKind.FirstReply] = [ConversationStatus.OnHold] },
        };
        var sla = SlaEvaluator.Evaluate([Created(T(10)), Status(T(10, 10), ConversationStatus.OnHold)], rules, Always, T(10, 40));
        Assert.Equal(TargetState.Paused, Target(sla, TargetKind.FirstReply).State);
        Assert.Equal(TargetState.Active, Target(sla, TargetKind.Resolution).State);
    }

    [Fact]
    public void RaisingThePriorityReEvaluatesFromTheStart()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.FirstReply, 60, false), new TargetRule(Priority.Urgent, TargetKind.FirstReply, 5, false));
        SlaEvent[] log = [Created(T(10)), Customer(T(10)), PriorityTo(T(10, 3), Priority.Urgent)];
        var sla = SlaEvaluator.Evaluate(log, rules, Always, T(10, 4));
        Assert.Equal(Priority.Urgent, sla.Priority);
        Assert.Equal(T(10, 5), Target(sla, TargetKind.FirstReply).DueAt);
        Assert.Equal(TargetState.Breached, Target(SlaEvaluator.Evaluate(log, rules, Always, T(10, 6)), TargetKind.FirstReply).State);

        // Lowered again, the run is judged by the normal budget: due at 11:00, not breached.
        var lowered = SlaEvaluator.Evaluate([.. log, PriorityTo(T(10, 7), Priority.Normal)], rules, Always, T(10, 8));
        Assert.Equal((TargetState.Active, T(11)), (Target(lowered, TargetKind.FirstReply).State, Target(lowered, TargetKind.FirstReply).DueAt));
    }

    [Fact]
    public void ABreachOnceWrittenStaysWhenThePriorityIsLoweredOrLosesItsTarget()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.FirstReply, 60, false), new TargetRule(Priority.Urgent, TargetKind.FirstReply, 5, false));
        var written = new SlaEvent(T(10, 5), SlaEventType.Breached, Breach: new RecordedBreach(TargetKind.FirstReply, T(10), T(10, 5), 5, false));
        SlaEvent[] log = [Created(T(10)), Customer(T(10)), PriorityTo(T(10, 3), Priority.Urgent), written, PriorityTo(T(10, 7), Priority.Normal)];

        var lowered = Target(SlaEvaluator.Evaluate(log, rules, Always, T(10, 8)), TargetKind.FirstReply);
        Assert.Equal((TargetState.Breached, T(10, 5), T(10, 5)), (lowered.State, lowered.DueAt, lowered.BreachedAt));
        Assert.Null(SlaEvaluator.Evaluate(log, rules, Always, T(10, 8)).NextDueAt);

        // Low has no first-reply target at all: the written breach is still in the history.
        var low = SlaEvaluator.Evaluate([.. log, PriorityTo(T(10, 9), Priority.Low)], rules, Always, T(10, 10));
        var kept = Assert.Single(low.Breaches);
        Assert.Equal((TargetKind.FirstReply, T(10, 5), 5), (kept.Kind, kept.BreachedAt!.Value, kept.Minutes));
    }

    /// <summary>The activity log's JSON: snake-case names and enum values.</summary>
    private static string AsActivityData(object data) => System.Text.Json.JsonSerializer.Serialize(data, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower) },
    });

    [Fact]
    public void AWrittenBreachIsReadBackFromItsActivityRow()
    {
        var data = AsActivityData(new { policy_id = 1, target = TargetKind.NextReply, due_at = T(10, 5), started_at = T(10), minutes = 5, business_time = false });
        var e = SlaEvent.From(ActivityKinds.SlaBreached, ActorKind.System, data, T(10, 5));
        Assert.Equal(new RecordedBreach(TargetKind.NextReply, T(10), T(10, 5), 5, false), e!.Breach);
        // Rows written before the budget was kept still count.
        var old = SlaEvent.From(ActivityKinds.SlaBreached, ActorKind.System, AsActivityData(new { target = TargetKind.FirstReply, due_at = T(10, 5), started_at = T(10) }), T(10, 5));
        Assert.Equal(new RecordedBreach(TargetKind.FirstReply, T(10), T(10, 5), null, null), old!.Breach);
    }

    [Fact]
    public void APriorityWithoutTargetsHasNone()
    {
        var rules = Rules(new TargetRule(Priority.Urgent, TargetKind.FirstReply, 5, false));
        Assert.Empty(SlaEvaluator.Evaluate([Created(T(10), Priority.Low)], rules, Always, T(12)).Targets);
    }

    [Fact]
    public void ReopeningResumesResolutionWithTheTimeItHadLeftAndDoesNotBreachAtOnce()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.Resolution, 60, false));
        SlaEvent[] log = [Created(T(10)), Reply(T(10, 10)), Status(T(10, 30), ConversationStatus.Solved)];
        Assert.Equal(TargetState.Met, Target(SlaEvaluator.Evaluate(log, rules, Always, T(12)), TargetKind.Resolution).State);

        var reopened = Target(SlaEvaluator.Evaluate([.. log, Customer(T(14)), Status(T(14), ConversationStatus.Open)], rules, Always, T(14, 1)), TargetKind.Resolution);
        Assert.Equal(TargetState.Active, reopened.State);
        Assert.Equal(T(14, 30), reopened.DueAt);
        Assert.Contains(reopened.Pauses, p => p.Status == ConversationStatus.Solved && p.From == T(10, 30) && p.To == T(14));
    }

    [Fact]
    public void SolvingWithoutAReplyOwesNoReply()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.FirstReply, 30, false));
        var first = Target(SlaEvaluator.Evaluate([Created(T(10)), Status(T(10, 5), ConversationStatus.Solved)], rules, Always, T(12)), TargetKind.FirstReply);
        Assert.Equal((TargetState.Met, T(10, 5)), (first.State, first.MetAt!.Value));
    }

    [Fact]
    public void PeriodicUpdateRunsFromEachAgentReplyUntilTheNext()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.PeriodicUpdate, 120, false));
        var sla = SlaEvaluator.Evaluate([Created(T(8)), Reply(T(9)), Reply(T(10)), Reply(T(12, 30))], rules, Always, T(13));
        Assert.Equal([TargetState.Met, TargetState.Breached, TargetState.Active], sla.Runs.Select(r => r.State));
        Assert.Equal(T(14, 30), Target(sla, TargetKind.PeriodicUpdate).DueAt);
        var solved = SlaEvaluator.Evaluate([Created(T(8)), Reply(T(9)), Status(T(9, 30), ConversationStatus.Solved)], rules, Always, T(13));
        Assert.Equal(TargetState.Met, Target(solved, TargetKind.PeriodicUpdate).State);
    }

    [Fact]
    public void WarningsFallAtTheirPointsAndTheNextOneIsTheNextDue()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.Resolution, 60, false)) with
        {
            Warnings = [new WarningPoint(PercentElapsed: 75), new WarningPoint(MinutesLeft: 30)],
        };
        var sla = SlaEvaluator.Evaluate([Created(T(10))], rules, Always, T(10, 35));
        var resolution = Target(sla, TargetKind.Resolution);
        Assert.Equal([T(10, 30), T(10, 45)], resolution.WarningTimes);
        Assert.Equal(T(10, 45), resolution.NextWarningAt);
        Assert.Equal(T(10, 45), sla.NextDueAt);
        Assert.Equal(T(11), SlaEvaluator.Evaluate([Created(T(10))], rules, Always, T(10, 50)).NextDueAt);
    }

    [Fact]
    public void APausedTargetHasNoNextDue()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.Resolution, 60, false));
        Assert.Null(SlaEvaluator.Evaluate([Created(T(10)), Status(T(10, 1), ConversationStatus.Pending)], rules, Always, T(11)).NextDueAt);
    }

    [Fact]
    public void RowsAfterTheInstantAskedAboutAreIgnored()
    {
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.FirstReply, 30, false));
        var sla = SlaEvaluator.Evaluate([Created(T(10)), Reply(T(10, 20))], rules, Always, T(10, 10));
        Assert.Equal(TargetState.Active, Target(sla, TargetKind.FirstReply).State);
    }

    [Fact]
    public void NowruzHolidaysAndTheWeekendAreSkipped()
    {
        // Thursday 19 March 2026 12:30 in Tehran: half an hour before Thursday closes; Friday is off and
        // 1–4 Farvardin 1405 are 21–24 March, so the second half-hour is on Wednesday 25 March.
        var rules = Rules(new TargetRule(Priority.Urgent, TargetKind.Resolution, 60));
        var created = TehranTime(2026, 3, 19, 12, 30);
        var sla = SlaEvaluator.Evaluate([Created(created, Priority.Urgent)], rules, Tehran(Nowruz()), TehranTime(2026, 3, 22, 10));
        var resolution = Target(sla, TargetKind.Resolution);
        Assert.Equal(TehranTime(2026, 3, 25, 8, 30), resolution.DueAt);
        Assert.Equal(TimeSpan.FromMinutes(30), resolution.Elapsed);
        Assert.Equal(TargetState.Active, resolution.State);
    }

    [Fact]
    public void PausesCountOnlyBusinessTimeThatPassedBeforeThem()
    {
        // 08:00–10:00 used two business hours of four; pending 10:00 until the next morning; resumed 08:00 → due 10:00.
        var rules = Rules(new TargetRule(Priority.Normal, TargetKind.Resolution, 240));
        SlaEvent[] log =
        [
            Created(TehranTime(2026, 1, 3, 8)), Status(TehranTime(2026, 1, 3, 10), ConversationStatus.Pending),
            Status(TehranTime(2026, 1, 4, 7), ConversationStatus.Open),
        ];
        var resolution = Target(SlaEvaluator.Evaluate(log, rules, Tehran(), TehranTime(2026, 1, 4, 9)), TargetKind.Resolution);
        Assert.Equal(TehranTime(2026, 1, 4, 10), resolution.DueAt);
        Assert.Equal(TimeSpan.FromHours(3), resolution.Elapsed);
    }

    [Fact]
    public void TheSimulatorGivesEveryDueTimeAndWarningWithPauses()
    {
        var rules = new PolicyRules(new PolicyConditions(),
            [new TargetRule(Priority.Urgent, TargetKind.FirstReply, 5), new TargetRule(Priority.Urgent, TargetKind.Resolution, 120), new TargetRule(Priority.Low, TargetKind.Resolution, 600)],
            PolicyRules.DefaultPauses, [new WarningPoint(PercentElapsed: 50)], []);
        // Thursday 12:58: two minutes before Thursday closes.
        var start = TehranTime(2026, 1, 8, 12, 58);
        var results = SlaEvaluator.Simulate(rules, Tehran(), Priority.Urgent, start, [(TehranTime(2026, 1, 10, 8, 30), TehranTime(2026, 1, 10, 13, 0))]);
        Assert.Equal([TargetKind.FirstReply, TargetKind.Resolution], results.Select(r => r.Kind));
        // First reply is not paused by pending: 2 minutes on Thursday, 3 on Saturday.
        Assert.Equal(TehranTime(2026, 1, 10, 8, 3), results[0].DueAt);
        // Resolution: 2 min Thursday, 30 min Saturday 08:00–08:30, paused to 13:00, then 88 more minutes → 14:28;
        // the warning at half (60 minutes) falls 28 minutes after the pause.
        Assert.Equal(TehranTime(2026, 1, 10, 14, 28), results[1].DueAt);
        Assert.Equal([TehranTime(2026, 1, 10, 13, 28)], results[1].WarningTimes);
    }
}
