using LuccaInbox.Web.Documents;
using LuccaInbox.Web.Tests.Support;
using MudBlazor;

namespace LuccaInbox.Web.Tests;

/// <summary>The dialog a save opens when a colleague changed the document in Lucca meanwhile: what it shows and what it answers.</summary>
public sealed class ConflictDialogTests : WebTestContext
{
    private static readonly FieldChange TheirComment = new("comment", "Old comment", "Comment saved by a colleague");
    private static readonly FieldChange MyLabel = new("accountingLabel", "Office supplies", "Printer toner");
    private static readonly FieldChange TheirLabel = new("accountingLabel", "Office supplies", "Stationery");

    private Task<ShownDialog> ShowAsync(FieldChange[] theirs, FieldChange[] mine) =>
        this.ShowDialogAsync(new DialogParameters<ConflictDialog> { { d => d.Theirs, theirs }, { d => d.Mine, mine } });

    [Fact]
    public async Task Each_changed_field_is_listed_with_their_change_and_mine()
    {
        var dialog = await ShowAsync([TheirComment], [MyLabel]);

        Assert.Contains("This document changed in Lucca while you were editing", dialog.Text);
        var rows = dialog.FindAll("conflict-field");
        Assert.Equal(["accountingLabel", "comment"], rows.Select(r => r.GetAttribute("data-field")));
        var label = rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Accounting label", "unchanged", "Office supplies → Printer toner", "Mine"], label);
        var comment = rows[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Comment", "Old comment → Comment saved by a colleague", "unchanged", "Theirs"], comment);
        Assert.Empty(dialog.FindAll("conflict-keep-accountingLabel")); // nothing to choose where only one side changed
    }

    [Fact]
    public async Task Saving_the_merge_without_a_choice_keeps_my_value_where_both_changed_a_field()
    {
        var dialog = await ShowAsync([TheirLabel, TheirComment], [MyLabel]);
        Assert.Equal("mine", dialog.Find("conflict-keep-accountingLabel").QuerySelector("option[selected]")?.GetAttribute("value"));

        await dialog.ClickAsync("conflict-merge");

        var resolution = Assert.IsType<ConflictDialog.Resolution>((await dialog.ResultAsync()).Data);
        Assert.False(resolution.TakeTheirs);
        Assert.Empty(resolution.FieldsKeptFromTheirs);
    }

    [Fact]
    public async Task Choosing_theirs_for_a_field_both_changed_keeps_their_value_for_that_field_only()
    {
        var dialog = await ShowAsync([TheirLabel, TheirComment], [MyLabel, new("comment", "Old comment", "My comment")]);

        await dialog.Find("conflict-keep-accountingLabel").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "theirs" });
        await dialog.ClickAsync("conflict-merge");

        var resolution = Assert.IsType<ConflictDialog.Resolution>((await dialog.ResultAsync()).Data);
        Assert.False(resolution.TakeTheirs);
        Assert.Equal(["accountingLabel"], resolution.FieldsKeptFromTheirs);
    }

    [Fact]
    public async Task Taking_theirs_drops_my_edits()
    {
        var dialog = await ShowAsync([TheirLabel], [MyLabel]);

        await dialog.ClickAsync("conflict-take-theirs");

        var resolution = Assert.IsType<ConflictDialog.Resolution>((await dialog.ResultAsync()).Data);
        Assert.True(resolution.TakeTheirs);
    }

    [Fact]
    public async Task Keep_editing_cancels_and_saves_nothing()
    {
        var dialog = await ShowAsync([TheirLabel], [MyLabel]);

        await dialog.ClickAsync(dialog.Button("Keep editing"));

        Assert.True((await dialog.ResultAsync()).Canceled);
    }
}
