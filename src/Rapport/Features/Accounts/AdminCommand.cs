using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Web;

namespace Rapport.Features.Accounts;

/// <summary><c>rapport admin create --email E --name N</c>, with the password on standard input so it never shows in the process list or shell history.</summary>
public static class AdminCommand
{
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> words)
    {
        if (words is not ["create"])
        {
            await Console.Error.WriteLineAsync("Usage: rapport admin create --email E --name N   (the password is read from standard input)");
            return 2;
        }
        if (!Console.IsInputRedirected)
        {
            await Console.Error.WriteAsync("Password (at least 10 characters): ");
        }
        var password = Console.IsInputRedirected ? await Console.In.ReadLineAsync() : ReadHidden();
        return await CreateAsync(app.Services, app.Configuration["email"], app.Configuration["name"], password, Console.Out, Console.Error);
    }

    /// <summary>Creates an active admin. Returns the exit code: 0 on success, 1 when refused.</summary>
    public static async Task<int> CreateAsync(IServiceProvider services, string? email, string? name, string? password, TextWriter output, TextWriter error)
    {
        var validation = new Validation()
            .Required("--email", email, 254).Email("--email", email)
            .Required("--name", name, 200)
            .CheckNew("password", password);
        if (!validation.IsValid)
        {
            foreach (var (field, messages) in validation.Errors)
            {
                await error.WriteLineAsync($"{field} {string.Join(" ", messages)}");
            }
            return 1;
        }
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        if (sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await sp.GetRequiredService<Migrator>().MigrateAsync();
        }
        var db = sp.GetRequiredService<RapportDb>();
        var normalised = User.NormaliseEmail(email!);
        if (await db.Users.AnyAsync(u => u.Email == normalised))
        {
            await error.WriteLineAsync($"An account with the e-mail address {normalised} already exists; nothing was changed.");
            return 1;
        }
        var user = new User(normalised, name!, Role.Admin, sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        user.PasswordHash = sp.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, password!);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        // An admin exists now, so any pending setup link must stop working.
        await sp.GetRequiredService<SetupToken>().IssueAsync();
        await output.WriteLineAsync($"Created admin {user.Email} (id {user.Id}). Sign in at /signin.");
        return 0;
    }

    private static string ReadHidden()
    {
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return chars.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                chars.Length = Math.Max(0, chars.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                chars.Append(key.KeyChar);
            }
        }
    }
}
