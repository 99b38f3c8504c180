using System.Net;
using System.Text.RegularExpressions;
using LuccaInbox.Lucca;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.LuccaAccess;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Previews;

/// <summary>Issue 13 item 9: file ids and page counts come from Lucca and are not trusted.</summary>
public sealed partial class FileIdTests : IAsyncLifetime
{
    private const string Hostile = "../../booked/777?x=";
    private readonly WebAppFactory _app = new();

    [GeneratedRegex("<img[^>]*?\\ssrc=\"([^\"]*)\"")]
    private static partial Regex ImageSource();

    [GeneratedRegex("^/previews/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(thumbnail|pages/[0-9]+)$")]
    private static partial Regex PreviewImage();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_hostile_file_id_puts_no_image_outside_the_previews_in_the_grid()
    {
        var (browser, fileId, _) = await RenameFirstGridFileAsync();

        var grid = await browser.GetStringAsync("/");

        Assert.DoesNotContain(fileId, grid); // the row is still on the page, without its thumbnail
        AssertOnlyPreviewImages(grid);
    }

    [Fact]
    public async Task A_hostile_file_id_puts_no_image_outside_the_previews_on_the_document_page()
    {
        var (browser, _, inboxId) = await RenameFirstGridFileAsync();

        var document = await browser.GetStringAsync($"/documents/{inboxId}");

        AssertOnlyPreviewImages(document);
        Assert.Contains("No page image for this attachment.", document);
    }

    [Fact]
    public async Task A_hostile_file_id_puts_no_image_outside_the_previews_on_a_booked_page()
    {
        var api = _app.Services.GetRequiredService<ILuccaInvoicesApi>();
        var booked = (await api.GetBookedDocumentsAsync(new Dictionary<string, string>(), 50, 1, null)).Items!
            .First(d => string.Equals(d.Type, "invoice", StringComparison.OrdinalIgnoreCase) && d.Attachments?.FirstOrDefault()?.FileId is not null);
        var fileId = booked.Attachments![0].FileId!;
        var browser = _app.ClientFor("viewer");
        // Renamed before the page is first read: booked documents are cached once read.
        Assert.True(Emulator.Store.RenameFile(fileId, Hostile));

        var page = await browser.GetStringAsync($"/booked/{booked.Id}");

        Assert.DoesNotContain(fileId, page);
        AssertOnlyPreviewImages(page);
        Assert.Contains("No page image for this attachment.", page);
    }

    [Fact]
    public async Task A_page_count_of_9999_renders_a_handful_of_images_and_the_page_selector()
    {
        var inbox = _app.Services.GetRequiredService<InboxService>();
        var row = (await inbox.GetAsync()).Rows.First(r => r.CanOpen && r.FirstAttachment?.FileId is not null && r.FirstAttachment.PageCount > 0);
        Assert.True(Emulator.Store.ReshapeFile(row.FirstAttachment!.FileId!, 9999));
        await inbox.GetAsync(forceRefresh: true);

        var html = await _app.ClientFor("viewer").GetStringAsync($"/documents/{row.InboxId}");

        var images = ImageSource().Matches(html).Select(m => m.Groups[1].Value).Where(src => src.StartsWith("/previews/", StringComparison.Ordinal)).ToList();
        Assert.InRange(images.Count, 1, 3);
        Assert.Contains("data-testid=\"viewer-page-select\"", html);
        Assert.Contains("Page 9999 of 9999", html);
    }

    [Theory]
    [InlineData("/previews/not-a-guid/thumbnail")]
    [InlineData("/previews/not-a-guid/pages/1")]
    [InlineData("/previews/not-a-guid/original")]
    [InlineData("/previews/..%2F..%2Fbooked%2F777%3Fx=/thumbnail")]
    [InlineData("/previews/..%2F..%2Fbooked%2F777%3Fx=/pages/1")]
    public async Task A_preview_path_without_a_guid_answers_404_without_asking_lucca(string path)
    {
        await _app.Services.GetRequiredService<InboxService>().GetAsync(); // the inbox sync is done before counting
        Emulator.Requests.Clear();

        using var response = await _app.ClientFor("admin").GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // Background prefetch may fetch other scans' first pages meanwhile: only requests this path could cause count.
        Assert.DoesNotContain(Emulator.Requests.Entries, r => r.Path.Contains("not-a-guid", StringComparison.OrdinalIgnoreCase)
            || r.Path.Contains("booked", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Gives the first thumbnail on the grid's first page the hostile file id, in the emulator and the app's snapshot.</summary>
    private async Task<(HttpClient Browser, string FileId, int InboxId)> RenameFirstGridFileAsync()
    {
        var browser = _app.ClientFor("viewer");
        var fileId = Regex.Match(await browser.GetStringAsync("/"), "/previews/([0-9a-f-]{36})/thumbnail").Groups[1].Value;
        var inbox = _app.Services.GetRequiredService<InboxService>();
        var inboxId = (await inbox.GetAsync()).Rows.First(r => r.FirstAttachment?.FileId == fileId).InboxId;
        Assert.True(Emulator.Store.RenameFile(fileId, Hostile));
        await inbox.GetAsync(forceRefresh: true);
        return (browser, fileId, inboxId);
    }

    private LuccaInbox.Emulator.RunningEmulator Emulator => _app.Services.GetRequiredService<EmbeddedLucca>().Emulator!;

    private static void AssertOnlyPreviewImages(string html)
    {
        foreach (var source in ImageSource().Matches(html).Select(m => m.Groups[1].Value))
        {
            Assert.True(source == "logo.svg" || PreviewImage().IsMatch(source), $"<img src=\"{source}\">");
        }
        Assert.DoesNotContain("booked/777", string.Join(' ', ImageSource().Matches(html).Select(m => m.Value)));
    }
}
