using Rapport.Cli;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.AgentConsole;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Import;
using Rapport.Features.Mail;
using Rapport.Features.Notifications;
using Rapport.Features.Outbox;
using Rapport.Features.Portal;
using Rapport.Features.Promises;
using Rapport.Features.Realtime;
using Rapport.Features.Reports;
using Rapport.Features.Sla;
using Rapport.Features.Timeline;
using Rapport.Web;
using Rapport.Web.Auth;

// `rapport` serves; `rapport migrate`, `rapport admin create`, … run an admin verb on the same services.
var command = Verbs.Split(args);
if (Verbs.AnswerWithoutHost(command) is { } answered)
{
    return answered; // --help, or a verb that does not exist: no server is ever started in its place (Cli/Verbs.cs)
}
var (verb, options, _) = command;
if (SlimHost.Handles(verb))
{
    return await SlimHost.RunAsync(verb, options); // once per message from an MTA: no web host (Cli/SlimHost.cs)
}
var builder = WebApplication.CreateBuilder(AppFolder.BuilderOptions(command.ConfigurationArgs)); // a published build reads its files from its own folder (Web/AppFolder.cs)
builder.UseDefaultUrl("http://localhost:5080");
builder.AddLoggingDefaults();

builder.AddRapportData();
builder.AddProblemHandling();
builder.AddRapportAuth();
builder.AddReverseProxy();
builder.AddRateLimits();
builder.AddRequestLimits();
builder.AddRapportOpenApi();
builder.AddAccounts();
builder.AddCustomers();
builder.AddConversations();
builder.AddImport();
builder.AddOutbox();
builder.AddMail();
builder.AddRealtime();
builder.AddNotifications();
builder.AddPromises();
builder.AddConsole();
builder.AddSla();
builder.AddPortal();
builder.AddReports();

var app = builder.Build();
if (verb.Count > 0)
{
    return await Verbs.RunAsync(app, verb);
}

app.UseReverseProxy();
app.UseProblemHandling();
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseCsrfGuard();
app.UseRateLimiter(); // before idempotency: a retry's body hashing (slow for passwords) is never free of the limits
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealth();
app.MapOpenApi().AllowAnonymous();
app.MapAccountsPages();
app.MapRealtime();
app.MapConsole();
app.MapPortalPages();

var api = app.MapApiV1();
api.MapAccountsApi();
api.MapCustomersApi();
api.MapConversationsApi();
api.MapTimelineApi();
api.MapImportApi();
api.MapMailApi();
api.MapOutboxApi();
api.MapNotificationsApi();
api.MapPromisesApi();
api.MapSlaApi();
api.MapReportsApi();
api.MapPortalApi();

if (!await app.MigrateOnStartAsync())
{
    return Verbs.MigrationHistoryError; // the migration history does not match this build (Data/MigrationHistory.cs)
}
app.AnnounceOnStart();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
