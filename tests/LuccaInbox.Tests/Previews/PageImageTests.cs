using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LuccaInbox.Emulator;
using LuccaInbox.Emulator.Infrastructure;
using LuccaInbox.Lucca.Http;
using LuccaInbox.Tests.Support;
using LuccaInbox.Web.Inbox;
using LuccaInbox.Web.LuccaAccess;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace LuccaInbox.Tests.Previews;

/// <summary>Whatever Lucca's page and display endpoints answer (API-FACTS §13 documents none of it), through the app's
/// preview endpoint and the embedded emulator.</summary>
public sealed partial class PageImageTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 1, 2, 3];
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [GeneratedRegex(@"/previews/[0-9a-f-]{36}/pages/\d+")]
    private static partial Regex PageUrl();

    [Theory]
    [InlineData(null, null, "image/png")] // the emulator's own page
    [InlineData("jpeg", "image/jpeg", "image/jpeg")]
    [InlineData("pdf", "application/pdf", "application/pdf")]
    public async Task A_page_is_served_with_the_type_its_bytes_prove(string? body, string? declared, string expected)
    {
        await using var app = new WebAppFactory();
        var (emulator, fileId, _) = await FirstAttachmentAsync(app);
        if (body is not null)
        {
            emulator.Faults.Enqueue(new ScriptedFault
            {
                Status = 200, ContentType = declared, PathContains = $"{fileId}/display/pages/1",
                BodyBase64 = Convert.ToBase64String(body == "jpeg" ? Jpeg : Pdf),
            });
        }

        using var response = await app.ClientFor("viewer").GetAsync($"/previews/{fileId}/pages/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("X-Preview-Placeholder"));
    }

    [Theory]
    [InlineData("text/html", "<html><body>Session expired, <script>alert(1)</script></body></html>")]
    [InlineData("image/png", "not a png at all")]
    [InlineData("text/html", "\u0089PNG but declared as html")]
    public async Task Anything_else_answered_with_200_is_refused_with_a_placeholder(string declared, string body)
    {
        await using var app = new WebAppFactory();
        var (emulator, fileId, _) = await FirstAttachmentAsync(app);
        emulator.Faults.Enqueue(new ScriptedFault { Status = 200, ContentType = declared, Body = body, PathContains = $"{fileId}/display/pages/1" });

        using var response = await app.ClientFor("viewer").GetAsync($"/previews/{fileId}/pages/1");

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Preview-Placeholder"));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        Assert.DoesNotContain("<script>alert", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_attachment_without_pages_is_shown_through_its_display_href()
    {
        await using var app = new WebAppFactory();
        var (emulator, fileId, _) = await FirstAttachmentAsync(app, reshape: null);
        emulator.Requests.Clear();

        using var page = await app.ClientFor("viewer").GetAsync($"/previews/{fileId}/pages/1");
        using var thumbnail = await app.ClientFor("viewer").GetAsync($"/previews/{fileId}/thumbnail");
        using var second = await app.ClientFor("viewer").GetAsync($"/previews/{fileId}/pages/2");

        Assert.Equal("image/png", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        var fileRequests = emulator.Requests.Entries.Where(r => r.Path.Contains("/api/files/", StringComparison.Ordinal)).Select(r => r.Path).ToList();
        Assert.Equal([$"/cleemy-procurement/api/files/{fileId}/display"], fileRequests);
    }

    [Fact]
    public async Task A_chunked_page_without_content_length_past_the_limit_is_aborted_within_the_bound()
    {
        await using var app = new WebAppFactory(new Dictionary<string, string?> { ["Lucca:MaxPageBytes"] = "1048576" });
        var (emulator, fileId, _) = await FirstAttachmentAsync(app);
        emulator.Faults.Enqueue(new ScriptedFault
        {
            Status = 200, ContentType = "image/png", StreamedBytes = 2L * 1024 * 1024 * 1024, PathContains = $"{fileId}/display/pages/1",
        });
        var clock = Stopwatch.StartNew();

        using var response = await app.ClientFor("viewer").GetAsync($"/previews/{fileId}/pages/1");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}"); // 2 GB were on offer: it stopped early
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Preview-Placeholder"));
    }

    [Fact]
    public async Task A_40_page_document_opened_on_page_1_costs_at_most_3_page_requests()
    {
        await using var app = new WebAppFactory();
        var (emulator, fileId, inboxId) = await FirstAttachmentAsync(app, reshape: 40);
        emulator.Requests.Clear();
        var browser = app.ClientFor("viewer");

        // What a browser does: load the page, then every page image it references.
        var html = await browser.GetStringAsync($"/documents/{inboxId}");
        var images = PageUrl().Matches(html).Select(m => m.Value).Distinct().ToList();
        foreach (var image in images) (await browser.GetAsync(image)).Dispose();

        Assert.Contains($"/previews/{fileId}/pages/1", images);
        // This file's pages only: the app may fetch other documents' first pages ahead in the background meanwhile.
        var pageRequests = emulator.Requests.Entries.Count(r => r.Path.Contains($"/files/{fileId}/display/pages/", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(pageRequests, 1, 3);
        Assert.Contains("Page 40 of 40", html); // the rest stays reachable through the page selector
    }

    [Theory]
    [InlineData("image/png", "not an image at all")] // refused by its bytes
    [InlineData("image/png", "corrupt-png")] // valid magic, broken data: the decoder gives up
    [InlineData("image/jpeg", "corrupt-jpeg")]
    public async Task A_first_page_that_does_not_decode_gives_a_placeholder_thumbnail_not_a_500(string declared, string body)
    {
        await using var app = new WebAppFactory();
        var (emulator, fileId, _) = await FirstAttachmentAsync(app);
        byte[] bytes = body switch
        {
            "corrupt-png" => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3],
            "corrupt-jpeg" => [.. Jpeg, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFF, 0xFF],
            _ => System.Text.Encoding.UTF8.GetBytes(body),
        };
        emulator.Faults.Enqueue(new ScriptedFault
        {
            Status = 200, ContentType = declared, BodyBase64 = Convert.ToBase64String(bytes), PathContains = $"{fileId}/display/pages/1", Times = 5,
        });

        for (var load = 0; load < 2; load++) // the second load reads the cached page: still no 500
        {
            using var response = await app.ClientFor("viewer").GetAsync($"/previews/{fileId}/thumbnail");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.Contains("X-Preview-Placeholder"));
        }
    }

    [Fact]
    public async Task A_page_that_joins_a_thumbnail_fetch_refused_for_the_budget_is_still_served()
    {
        await using var factory = new WebAppFactory();
        var gate = new OptionalGate();
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services => services.ConfigureAll<HttpClientFactoryOptions>(o =>
            o.HttpMessageHandlerBuilderActions.Add(h => h.AdditionalHandlers.Insert(0, new OptionalGateHandler(gate))))));
        var (_, fileId, _) = await FirstAttachmentAsync(app);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Add(WebAppFactory.TestUserHeader, "viewer");

        var thumbnail = browser.GetAsync($"/previews/{fileId}/thumbnail");
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the thumbnail's fetch of page 1 is in flight
        var page = browser.GetAsync($"/previews/{fileId}/pages/1");
        await Task.WhenAny(page, Task.Delay(TimeSpan.FromMilliseconds(500))); // time to join that fetch
        gate.Release.SetResult(); // the budget refuses the optional request

        using var pageResponse = await page.WaitAsync(TimeSpan.FromSeconds(30));
        using var thumbnailResponse = await thumbnail.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Equal("image/png", pageResponse.Content.Headers.ContentType?.MediaType);
        Assert.False(pageResponse.Headers.Contains("X-Preview-Placeholder"));
        Assert.Equal(HttpStatusCode.OK, thumbnailResponse.StatusCode); // the thumbnail itself: a placeholder to ask again for
        Assert.True(thumbnailResponse.Headers.Contains("X-Preview-Placeholder"));
        Assert.Contains("no-store", thumbnailResponse.Headers.CacheControl!.ToString());
    }

    /// <summary>The first inbox attachment with pages, optionally given <paramref name="reshape"/> pages (null: no
    /// <c>pages</c> object at all) in the emulator before the app reads the inbox again.</summary>
    private static async Task<(RunningEmulator Emulator, string FileId, int InboxId)> FirstAttachmentAsync(WebApplicationFactory<Program> app, int? reshape = 0)
    {
        var emulator = app.Services.GetRequiredService<EmbeddedLucca>().Emulator!;
        var inbox = app.Services.GetRequiredService<InboxService>();
        var row = (await inbox.GetAsync()).Rows.First(r => r.CanOpen && r.FirstAttachment?.FileId is not null && r.FirstAttachment.PageCount > 0);
        var fileId = row.FirstAttachment!.FileId!;
        if (reshape != 0)
        {
            Assert.True(emulator.Store.ReshapeFile(fileId, reshape));
            await inbox.GetAsync(forceRefresh: true);
        }
        return (emulator, fileId, row.InboxId);
    }

    private sealed class OptionalGate
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Outermost on the Lucca client: holds an optional request until released, then refuses it as the budget
    /// does when it has no room; every other request passes.</summary>
    private sealed class OptionalGateHandler(OptionalGate gate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!OptionalRequests.AreOptional) return await base.SendAsync(request, cancellationToken);
            gate.Reached.TrySetResult();
            await gate.Release.Task.WaitAsync(cancellationToken);
            throw new LuccaBudgetBusyException(TimeSpan.FromSeconds(3));
        }
    }
}
