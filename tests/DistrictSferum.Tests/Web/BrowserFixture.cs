using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DistrictSferum.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DistrictSferum.Tests.Web;

/// <summary>
/// One real server serving the built web app (src/DistrictSferum.Web/dist) on its web port, and one headless
/// Debian chromium driven by Playwright (no browser download: the system package, deploy/local/test.sh installs it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ServerHost Server { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{Server.WebPort}";

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DistrictSferum.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (DistrictSferum.sln) was not found.");
    }

    public static string WebAppRoot => Path.Combine(RepoRoot(), "src", "DistrictSferum.Web", "dist");

    public static string ScreenshotFolder => Path.Combine(Path.GetTempPath(), "sferum-web-screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(WebAppRoot, "index.html")))
            throw new InvalidOperationException($"The web app is not built ({WebAppRoot}): run deploy/local/web-build.sh (deploy/local/test.sh does).");
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install chromium (deploy/local/test.sh does).");
        Directory.CreateDirectory(ScreenshotFolder);
        // Live updates reach a page within a second on a quiet machine; a loaded CI machine gets room, not a flake.
        Assertions.SetDefaultExpectTimeout(20_000);
        var postgres = await SharedPostgres.GetAsync();
        Server = await ServerHost.StartAsync(await postgres.CreateDatabaseAsync("web"),
            settings: new Dictionary<string, string?> { ["Server:WebAppRoot"] = WebAppRoot });
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync().WaitAsync(Startup);
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root (CI) cannot use chromium's sandbox; the pages are our own app on loopback.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
            Timeout = (float)Startup.TotalMilliseconds,
        });
    }

    /// <summary>Every step of starting and closing the browser is bounded: a stuck chromium fails the tests, never hangs the run.</summary>
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(2);

    public async Task DisposeAsync()
    {
        try
        {
            if (Browser is not null) await Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Disposing Playwright ends its driver, and with it the browser it launched over a pipe.
        }

        Playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }

    /// <summary>A person's own browser window: a phone (360 px) or a desktop.</summary>
    public async Task<IPage> OpenAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 360, Height = 740 } : new ViewportSize { Width = 1280, Height = 860 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "ru-RU",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + "/");
        return page;
    }

    /// <summary>Signs in through the sign-in screen with the one-time code the server sent.</summary>
    public async Task SignInAsync(IPage page, string contact, string name = "")
    {
        await page.GetByLabel("Телефон или e-mail").FillAsync(contact);
        await page.GetByRole(AriaRole.Button, new() { Name = "Получить код" }).ClickAsync();
        await page.GetByLabel("Код из сообщения").WaitForAsync();
        var code = Server.Codes.CodeFor(DistrictSferum.Contracts.Identity.ContactAddress.Parse(contact).Value);
        await page.GetByLabel("Код из сообщения").FillAsync(code);
        if (name.Length > 0) await page.GetByLabel("Ваше имя").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Мои чаты" }).WaitForAsync();
    }

    /// <summary>
    /// axe-core on the page as it is now (DIS-6): no serious or critical violation; saves a screenshot either way.
    /// </summary>
    public async Task<AxeResult> CheckAccessibilityAsync(IPage page, string screen)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, screen + ".png"), FullPage = true });
        // Script evaluation has no Playwright timeout of its own.
        var result = await page.RunAxe().WaitAsync(TimeSpan.FromSeconds(90));
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe on {screen}: " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        AxeLog.Record(screen, result);
        return result;
    }
}

/// <summary>What axe found on each screen, written next to the screenshots (the README quotes it).</summary>
public static class AxeLog
{
    private static readonly object Gate = new();

    public static void Record(string screen, AxeResult result)
    {
        var line = $"{screen}\tpasses {result.Passes.Length}\tviolations {result.Violations.Length}" +
                   (result.Violations.Length > 0 ? "\t" + string.Join(",", result.Violations.Select(v => $"{v.Id}:{v.Impact}")) : "") + "\n";
        lock (Gate) File.AppendAllText(Path.Combine(BrowserFixture.ScreenshotFolder, "axe.tsv"), line);
    }
}
