using System.Collections.Concurrent;
using LuccaInbox.Emulator.Infrastructure;

namespace LuccaInbox.Emulator.Files;

/// <summary>The file endpoints behind attachment hrefs (API-FACTS §13, §15.13): the original as PDF,
/// pages as PNG, 1-based, 404 out of range. Rendered pages are kept in a small cache.</summary>
public static class FilesApi
{
    private const int CacheEntries = 256;
    private static readonly ConcurrentDictionary<(string, int), byte[]> PageCache = new();

    public static void MapFilesApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/cleemy-procurement/api/files/{fileId}");
        files.MapGet("", (string fileId, EmulatorStore store) =>
            store.GetFile(fileId) is { } file
                ? Results.File(InvoicePageRenderer.RenderOriginal(file), "application/pdf", file.FileName)
                : Problems.NotFound($"No file {fileId}."));
        files.MapGet("/display", (string fileId, EmulatorStore store) => Page(store, fileId, 1));
        files.MapGet("/display/pages/{pageNumber:int}", (string fileId, int pageNumber, EmulatorStore store) => Page(store, fileId, pageNumber));
    }

    private static IResult Page(EmulatorStore store, string fileId, int pageNumber)
    {
        if (store.GetFile(fileId) is not { } file) return Problems.NotFound($"No file {fileId}.");
        if (pageNumber < 1 || pageNumber > file.PageCount) return Problems.NotFound($"File {fileId} has {file.PageCount} page(s).");
        if (PageCache.Count > CacheEntries) PageCache.Clear();
        var png = PageCache.GetOrAdd((fileId.ToLowerInvariant(), pageNumber), key => InvoicePageRenderer.RenderPagePng(file, key.Item2));
        return Results.File(png, "image/png");
    }
}
