using Microsoft.Playwright;
using Rapport.BrowserTests.Infrastructure;
using Rapport.BrowserTests.Pages;

namespace Rapport.BrowserTests;

/// <summary>A console left open elsewhere loses its live connection when the person signs out (its own server, so no other test's session ends).</summary>
public sealed class SessionEndTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task AConsoleLeftOpenElsewhereIsCutWhenThePersonSignsOut()
    {
        await using var left = await server.NewPageAsync();
        await new SignInPage(left.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);
        await using var here = await server.NewPageAsync();
        await new SignInPage(here.Page).SignInAsync(ConsoleServer.EnglishAgent, ConsoleServer.Password);

        await here.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await here.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");

        // The open console's circuit is closed at the next sweep; reconnecting is refused, so the
        // page shows Blazor's connection notice (or, once the circuit is gone, reloads to the sign-in page).
        await left.Page.WaitForFunctionAsync("""
            () => location.pathname === '/signin'
                || (document.getElementById('components-reconnect-modal')?.className ?? '').includes('components-reconnect-')
            """, null, new() { Timeout = 30_000 });
    }
}
