using System.Text.Json;
using Microsoft.JSInterop;

namespace LuccaInbox.Web.Documents;

/// <summary>A draft: unsaved edits kept in this browser tab against the version they were made on.</summary>
public sealed record Draft(string Version, DocumentEditModel Model);

/// <summary>
/// Unsaved edits in the browser's session storage, so a reload or a dropped connection loses nothing. Only a live
/// (interactive) page can reach the browser: before that, nothing is read or written.
/// </summary>
public sealed class DraftStore(IJSRuntime js)
{
    private static string KeyOf(int inboxId) => $"luccainbox-draft-{inboxId}";

    public async Task<Draft?> LoadAsync(int inboxId)
    {
        try
        {
            var json = await js.InvokeAsync<string?>("luccaInbox.loadDraft", KeyOf(inboxId));
            return json is null ? null : JsonSerializer.Deserialize<Draft>(json) is { Model: not null } draft ? draft : null;
        }
        catch (Exception e) when (e is JsonException or JSException)
        {
            return null; // a draft that cannot be read is no draft
        }
    }

    public Task SaveAsync(int inboxId, SeenVersion version, DocumentEditModel model) =>
        js.InvokeVoidAsync("luccaInbox.saveDraft", KeyOf(inboxId), JsonSerializer.Serialize(new Draft(version.Stamp, model))).AsTask();

    public Task ClearAsync(int inboxId) => js.InvokeVoidAsync("luccaInbox.clearDraft", KeyOf(inboxId)).AsTask();
}
