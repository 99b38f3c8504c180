using LuccaInbox.Web.Common;
using LuccaInbox.Web.Tests.Support;

namespace LuccaInbox.Web.Tests;

public sealed class OcrChipTests : WebTestContext
{
    [Theory]
    [InlineData("Pending", "Pending", "mud-chip-color-default")]
    [InlineData("Processing", "Processing", "mud-chip-color-info")]
    [InlineData("Processed", "Processed", "mud-chip-color-success")]
    [InlineData("Failed", "Failed", "mud-chip-color-error")]
    [InlineData("NotApplicable", "Not applicable", "mud-chip-color-secondary")]
    [InlineData("Rescanning", "Rescanning", "mud-chip-color-warning")]
    public void Chip_shows_the_status_label_in_its_colour(string status, string label, string colorClass)
    {
        var cut = Render<OcrChip>(p => p.Add(c => c.Status, status));

        var chip = cut.Find("[data-testid=ocr-chip]");
        Assert.Equal(label, chip.TextContent.Trim());
        Assert.Equal(status, chip.GetAttribute("data-ocr-status"));
        Assert.Contains(colorClass, chip.ClassList);
        Assert.Single(chip.ClassList, c => c.StartsWith("mud-chip-color-", StringComparison.Ordinal));
    }

    [Fact]
    public void Chip_without_a_status_says_unknown()
    {
        var cut = Render<OcrChip>(p => p.Add(c => c.Status, null));

        Assert.Equal("Unknown", cut.Find("[data-testid=ocr-chip]").TextContent.Trim());
    }
}
