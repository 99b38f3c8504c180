using LuccaInbox.Lucca;
using LuccaInbox.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LuccaInbox.Tests.Lucca;

public sealed class LuccaFilesTests
{
    [Theory]
    [InlineData("/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e", true)]
    [InlineData("/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e/display", true)]
    [InlineData("/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e/display/pages/3", true)]
    [InlineData("https://evil.example/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e", false)]
    [InlineData("//evil.example/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e", false)]
    [InlineData("/cleemy-procurement/api/files/../../api/v3/users", false)]
    [InlineData("/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e/../../x", false)]
    [InlineData("/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e%2F..%2F..", false)]
    [InlineData("/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e/display/pages/0", false)]
    [InlineData("/cleemy-procurement/api/files/f0208989-edd3-4d09-b0ec-f97b24caa49e?x=1", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("", false)]
    public async Task Only_file_hrefs_of_the_known_shapes_are_followed(string href, bool accepted)
    {
        await using var host = await LuccaTestHost.StartAsync(documents: 1);
        var files = host.Services.GetRequiredService<LuccaFiles>();

        Assert.Equal(accepted, files.TryParse(href, out _));
    }

    [Fact]
    public async Task A_page_image_and_the_original_are_fetched_with_their_content_types()
    {
        await using var host = await LuccaTestHost.StartAsync(documents: 3);
        var files = host.Services.GetRequiredService<LuccaFiles>();
        var attachment = (await host.Api.GetAllInboxItemsAsync())[0].Document!.Attachments![0];

        var page = await files.GetPageAsync(attachment, 1);
        var original = await files.GetOriginalAsync(attachment);

        Assert.Equal("image/png", page.ContentType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, page.Content[..4]);
        Assert.Equal("application/pdf", original.ContentType);
        Assert.Equal("%PDF"u8.ToArray(), original.Content[..4]);
        await Assert.ThrowsAsync<LuccaApiException>(() => files.GetPageAsync(attachment, attachment.PageCount + 1));
    }
}
