using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuccaInbox.Emulator.Seeding;

/// <summary>
/// Turns items written with Utf8JsonWriter into JsonObjects backed by that JSON text (materialized only when
/// touched). Items are parsed in ~1 MB chunks, on the thread pool while the generator goes on writing.
/// Building nodes one by one, or parsing each item on its own, made 20,000 documents take seconds, mostly in
/// allocation and garbage collection.
/// </summary>
internal sealed class JsonObjectListBuilder
{
    private const int ChunkBytes = 1 << 20;

    // Relaxed escaping keeps "é" readable in API bodies.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> buffer = new(ChunkBytes + (64 << 10));
    private readonly List<Task<JsonObject[]>> chunks = [];
    private readonly Utf8JsonWriter writer;

    public JsonObjectListBuilder()
    {
        writer = new Utf8JsonWriter(buffer, WriterOptions);
        writer.WriteStartArray();
    }

    /// <summary>The writer for the next item, which must be written as one JSON object.</summary>
    public Utf8JsonWriter Next()
    {
        if (buffer.WrittenCount + writer.BytesPending > ChunkBytes)
        {
            Flush();
        }

        return writer;
    }

    public List<JsonObject> Complete()
    {
        Flush();
        writer.Dispose();
        return chunks.SelectMany(chunk => chunk.GetAwaiter().GetResult()).ToList();
    }

    private void Flush()
    {
        writer.WriteEndArray();
        writer.Flush();
        var json = buffer.WrittenSpan.ToArray();
        chunks.Add(Task.Run(() =>
        {
            using var document = JsonDocument.Parse(json);
            var array = document.RootElement.Clone(); // outlives the document, whose pooled buffers go back
            return array.EnumerateArray().Select(element => JsonObject.Create(element)!).ToArray();
        }));
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
    }
}
