using AngleSharp.Dom;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LuccaInbox.Web.Tests.Support;

/// <summary>
/// A dialog shown the way the app shows it (<see cref="IDialogService"/> inside a <see cref="MudDialogProvider"/>), read
/// and clicked by test id; <see cref="ResultAsync"/> is what the page that opened it gets back.
/// </summary>
public sealed class ShownDialog(IRenderedComponent<MudDialogProvider> provider, IDialogReference reference)
{
    public IRenderedComponent<MudDialogProvider> Provider => provider;

    public bool IsOpen => provider.FindAll(".mud-dialog").Count > 0;

    public string Text => provider.Find(".mud-dialog").TextContent;

    public IElement Find(string testId) => provider.Find($"[data-testid={testId}]");

    public IReadOnlyList<IElement> FindAll(string testId) => provider.FindAll($"[data-testid={testId}]");

    public string TextOf(string testId) => Find(testId).TextContent.Trim();

    public bool IsDisabled(string testId) => Find(testId).HasAttribute("disabled");

    /// <summary>The button with this text (buttons without a test id, such as a plain Cancel).</summary>
    public IElement Button(string text) => provider.FindAll("button").Single(b => b.TextContent.Trim() == text);

    public Task ClickAsync(string testId) => Find(testId).ClickAsync(new MouseEventArgs());

    public Task ClickAsync(IElement element) => element.ClickAsync(new MouseEventArgs());

    /// <summary>How the dialog ended: canceled, or closed with its data. Bounded: a dialog left open fails the test.</summary>
    public async Task<DialogResult> ResultAsync()
    {
        var result = await reference.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(result);
        provider.WaitForAssertion(() => Assert.False(IsOpen, "the dialog is still on screen"));
        return result;
    }
}

public static class ShownDialogExtensions
{
    /// <summary>Renders a dialog provider and shows <typeparamref name="TDialog"/> in it with these parameters.</summary>
    public static async Task<ShownDialog> ShowDialogAsync<TDialog>(this BunitContext context, DialogParameters<TDialog> parameters)
        where TDialog : IComponent
    {
        var provider = context.Render<MudDialogProvider>();
        var dialogs = context.Services.GetRequiredService<IDialogService>();
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>(null, parameters));
        provider.WaitForElement(".mud-dialog");
        return new ShownDialog(provider, reference);
    }
}
