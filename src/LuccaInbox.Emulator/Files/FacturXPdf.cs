using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace LuccaInbox.Emulator.Files;

/// <summary>
/// Turns a text PDF into a Factur-X one: the CII XML embedded as factur-x.xml (AFRelationship Alternative, MIME type
/// text/xml, listed in the catalog's /AF) and XMP metadata with the Factur-X extension schema, as PDF/A-3 asks. It is
/// PDF/A-3-like, not validated: fonts and colour profiles are left as SkiaSharp wrote them.
/// </summary>
public static class FacturXPdf
{
    private const string PendingXmpKey = "/LuccaInboxFacturXmp";

    public static byte[] Attach(byte[] pdf, byte[] xml, string title, DateOnly issued)
    {
        using var input = new MemoryStream(pdf);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        if (document.Version < 17) document.Version = 17;
        var catalog = document.Internals.Catalog;
        var modified = new PdfString(issued.ToString("'D:'yyyyMMdd'000000Z'", CultureInfo.InvariantCulture));

        var embedded = new PdfDictionary(document);
        embedded.Elements.SetName("/Type", "/EmbeddedFile");
        embedded.Elements["/Subtype"] = new PdfName("/text/xml");
        var parameters = new PdfDictionary(document);
        parameters.Elements["/Size"] = new PdfInteger(xml.Length);
        parameters.Elements["/ModDate"] = modified;
        embedded.Elements["/Params"] = parameters;
        embedded.CreateStream(xml);
        document.Internals.AddObject(embedded);

        var streams = new PdfDictionary(document);
        streams.Elements.SetReference("/F", embedded);
        streams.Elements.SetReference("/UF", embedded);
        var fileSpec = new PdfDictionary(document);
        fileSpec.Elements.SetName("/Type", "/Filespec");
        fileSpec.Elements.SetString("/F", FacturXInvoice.FileName);
        fileSpec.Elements.SetString("/UF", FacturXInvoice.FileName);
        fileSpec.Elements.SetString("/Desc", "Factur-X invoice");
        fileSpec.Elements.SetName("/AFRelationship", "/Alternative");
        fileSpec.Elements["/EF"] = streams;
        document.Internals.AddObject(fileSpec);

        var embeddedFiles = new PdfDictionary(document);
        embeddedFiles.Elements["/Names"] = new PdfArray(document, new PdfString(FacturXInvoice.FileName), fileSpec.Reference!);
        var names = catalog.Elements.GetDictionary("/Names") ?? new PdfDictionary(document);
        names.Elements["/EmbeddedFiles"] = embeddedFiles;
        catalog.Elements["/Names"] = names;
        catalog.Elements["/AF"] = new PdfArray(document, fileSpec.Reference!);

        var metadata = new PdfDictionary(document);
        metadata.Elements.SetName("/Type", "/Metadata");
        metadata.Elements.SetName("/Subtype", "/XML");
        metadata.CreateStream(Encoding.UTF8.GetBytes(Xmp(title)));
        document.Internals.AddObject(metadata);
        catalog.Elements.SetReference(PendingXmpKey, metadata); // PDFsharp drops objects nothing refers to

        using var output = new MemoryStream();
        document.Save(output);
        return PointCatalogAt(output.ToArray(), catalog.Reference!.ObjectNumber, metadata.Reference!.ObjectNumber);
    }

    /// <summary>PDFsharp replaces the catalog's /Metadata by its own XMP on save; an incremental update (a new revision of
    /// the catalog, PDF 1.7 §7.5.6) points it back at ours.</summary>
    private static byte[] PointCatalogAt(byte[] pdf, int catalogNumber, int metadataNumber)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var catalog = Regex.Match(text, $@"\n{catalogNumber} 0 obj\s*(<<.*?>>)\s*endobj", RegexOptions.Singleline);
        var trailer = Regex.Match(text, @"trailer\s*(<<.*?>>)\s*(?:%[^\n]*\n)?startxref\s*(\d+)\s*%%EOF\s*$", RegexOptions.Singleline);
        if (!catalog.Success || !trailer.Success) return pdf; // not the layout PDFsharp writes: keep its metadata
        var dictionary = Regex.Replace(catalog.Groups[1].Value, @"/Metadata\s+\d+\s+0\s+R", $"/Metadata {metadataNumber} 0 R")
            .Replace($"{PendingXmpKey} {metadataNumber} 0 R", "", StringComparison.Ordinal);
        var newTrailer = trailer.Groups[1].Value[..^2] + $"/Prev {trailer.Groups[2].Value}>>";
        var update = new StringBuilder();
        var objectOffset = pdf.Length + 1;
        update.Append('\n').Append(CultureInfo.InvariantCulture, $"{catalogNumber} 0 obj\n{dictionary}\nendobj\n");
        var xrefOffset = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"xref\n{catalogNumber} 1\n{objectOffset:0000000000} 00000 n\r\ntrailer\n{newTrailer}\nstartxref\n{xrefOffset}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    private static string Xmp(string title) => $"""
        <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
          <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">{System.Security.SecurityElement.Escape(title)}</rdf:li></rdf:Alt></dc:title></rdf:Description>
          <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
           <fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>{FacturXInvoice.FileName}</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
          </rdf:Description>
          <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
           <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>fx</pdfaSchema:prefix>
            <pdfaSchema:property><rdf:Seq>
             {Property("DocumentFileName", "The name of the embedded XML document")}
             {Property("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER")}
             {Property("Version", "The actual version of the standard applying to the embedded XML document")}
             {Property("ConformanceLevel", "The conformance level of the embedded XML document")}
            </rdf:Seq></pdfaSchema:property>
           </rdf:li></rdf:Bag></pdfaExtension:schemas>
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """;

    private static string Property(string name, string description) =>
        $"<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        + $"<pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>";
}
