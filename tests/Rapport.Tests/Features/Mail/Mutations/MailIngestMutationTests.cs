using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Data;
using Rapport.Features.Mail.Ingest;
using Rapport.Features.Mail.Mailboxes;
using Rapport.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rapport.Tests.Features.Mail.Mutations;

/// <summary>Rapport with the sender rate cap out of the way, so damaged mail reaches the parser and the store.</summary>
public abstract class MutationApp(DatabaseProvider provider) : RapportApp(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:MaxPerSenderPerHour", "100000");
    }
}

public sealed class MutationSqliteApp() : MutationApp(DatabaseProvider.Sqlite);

public sealed class MutationPostgresApp() : MutationApp(DatabaseProvider.Postgres);

/// <summary>
/// Damaged corpus messages through the ingest service, the code every path (IMAP, pipe, raw API)
/// shares: nothing throws, and each message ends up stored (as a message, a bounce or auto-reply
/// record, a duplicate of one stored) or in the quarantine with its raw bytes.
/// </summary>
public abstract class MailIngestMutationTests(MutationApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task DamagedMessagesAreStoredOrQuarantinedAndNothingThrows()
    {
        var seed = MailMutator.MasterSeed();
        var count = Math.Max(50, MailMutator.Count(4000) / 16);
        output.WriteLine($"RAPPORT_MAIL_MUTATION_SEED={seed} ingest cases={count}");
        var address = $"mutations-{Guid.NewGuid():N}"[..24] + "@rapport.test";
        var mailbox = new Mailbox { Address = address, DisplayName = "Mutations" };
        await app.WithDbAsync(async db =>
        {
            db.Mailboxes.Add(mailbox);
            await db.SaveChangesAsync();
        });
        var failures = new List<string>();
        var outcomes = new Dictionary<IngestOutcome, int>();
        for (var i = 0; i < count && failures.Count < 10; i++)
        {
            var mutant = MailMutator.Make(MailParserMutationTests.Messages, MailMutator.CaseSeed(seed, i), $"mutant-{seed}-{i}-{Guid.NewGuid():N}@mutation.test");
            using var scope = app.Services.CreateScope();
            var ingest = scope.ServiceProvider.GetRequiredService<MailIngest>();
            var db = scope.ServiceProvider.GetRequiredService<RapportDb>();
            try
            {
                var result = await ingest.IngestAsync(mailbox, mutant.Bytes, "api");
                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
                var kept = result.Outcome switch
                {
                    IngestOutcome.Created or IngestOutcome.Appended => await db.Messages.AnyAsync(m => m.Id == result.MessageId),
                    IngestOutcome.Quarantined => await db.QuarantinedMail.AnyAsync(q => q.Id == result.QuarantineId && q.Size == mutant.Bytes.Length),
                    _ => await db.MailRecords.AnyAsync(r => r.MailboxId == mailbox.Id),
                };
                if (!kept)
                {
                    failures.Add($"{mutant}: outcome {result.Outcome} but nothing was kept");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{mutant}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(failures.Count == 0, $"seed {seed} (rerun with RAPPORT_MAIL_MUTATION_SEED={seed}):\n{string.Join("\n", failures)}");
        // The damage must leave most mail readable: a run where everything lands in the quarantine tests little.
        Assert.True(outcomes.GetValueOrDefault(IngestOutcome.Created) + outcomes.GetValueOrDefault(IngestOutcome.Appended) > count / 3,
            $"seed {seed}: {string.Join(", ", outcomes)}");
    }
}

public sealed class MailIngestMutationTestsOnSqlite(MutationSqliteApp app, ITestOutputHelper output)
    : MailIngestMutationTests(app, output), IClassFixture<MutationSqliteApp>;

public sealed class MailIngestMutationTestsOnPostgres(MutationPostgresApp app, ITestOutputHelper output)
    : MailIngestMutationTests(app, output), IClassFixture<MutationPostgresApp>;
