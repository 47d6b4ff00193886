using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;

namespace GroundedSam.Testing.Hostile;

/// <summary>
/// Hostile and odd photos, each with the outcome the decoder must give: a named problem with a phrase of its message,
/// or a decoded size. Bombs, lying headers, malformed chunks and segments, unsupported formats, and the real
/// encoders' files in <c>tests/GroundedSam.Testing/Data</c> as controls that must keep decoding.
/// </summary>
public static class ImageCorpus
{
    /// <summary>What <c>PhotoDecoder.Decode</c> must do with a file.</summary>
    /// <param name="Expected">"Unreadable", "TooLarge" or "UnsupportedFormat" (the problem), or "Decodes".</param>
    /// <param name="Detail">A phrase of the problem's message, or the decoded "W×H" (upright).</param>
    public sealed record Entry(string Name, string Expected, string Detail, Func<byte[]> Make)
    {
        public override string ToString() => Name;
    }

    /// <summary>Zeros inflated by each text chunk of the PNG bombs (64 MiB, as in the report that found them).</summary>
    public const int BombChunkBytes = 64 << 20;

    /// <summary>Text chunks in the zTXt bomb: 2 GiB if inflated.</summary>
    public const int BombChunks = 32;

    private static readonly Lazy<byte[]> BombPayload = new(() => PngChunks.ZlibZeros(BombChunkBytes));

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("empty", "Unreadable", "empty", () => []),
        new("text-named-jpg", "Unreadable", "not an image", () => "name,score\nmonitor,0.9\n"u8.ToArray()),
        new("heic", "UnsupportedFormat", "HEIC", () => [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8]),
        new("avif", "UnsupportedFormat", "AVIF", () => [0, 0, 0, 28, .. "ftypavif"u8, 0, 0, 0, 0, .. "avifmif1miaf"u8]),
        new("gif", "UnsupportedFormat", "GIF", () => Encode(new GifEncoder())),
        new("bmp", "UnsupportedFormat", "BMP", () => Encode(new BmpEncoder())),
        new("tiff", "UnsupportedFormat", "TIFF", () => Encode(new TiffEncoder())),
        new("over-byte-limit", "TooLarge", "bytes; the limit is", () => [0xFF, 0xD8, 0xFF, .. new byte[(64 << 20) + 1]]),

        new("jpeg-cut-in-half", "Unreadable", "truncated", () => Jpeg()[..(Jpeg().Length / 2)]),
        new("jpeg-without-end", "Unreadable", "truncated", () => Jpeg()[..^2]),
        new("jpeg-header-lies-7071x7071", "Unreadable", "ends before the image does", () => JpegSegments.WithFrameSize(Jpeg(960, 720), 7071, 7071)),
        new("jpeg-header-lies-twice-the-height", "Unreadable", "ends before the image does", () => JpegSegments.WithFrameSize(Jpeg(320, 240), 320, 480)),
        new("jpeg-150-scans", "TooLarge", "more than 100 scans", () => JpegSegments.WithRepeatedScan(Jpeg(), 150)),
        new("jpeg-65535x65535", "TooLarge", "65535×65535", () => JpegSegments.WithFrameSize(Jpeg(), 65535, 65535)),
        new("jpeg-width-0", "Unreadable", "width of 0", () => JpegSegments.WithFrameSize(Jpeg(), 0, 48)),
        new("jpeg-height-from-dnl", "UnsupportedFormat", "DNL", () => JpegSegments.WithFrameSize(Jpeg(), 64, 0)),
        new("jpeg-lossless", "UnsupportedFormat", "lossless", () => JpegSegments.WithFrameMarker(Jpeg(), 0xC3)),
        new("jpeg-arithmetic-real", "UnsupportedFormat", "arithmetic", () => Data("arithmetic.jpg")),
        new("jpeg-huffman-table-overfull", "Unreadable", "Huffman", OverfullHuffmanTable),
        new("jpeg-scan-before-frame", "Unreadable", "before its frame header", ScanBeforeFrame),
        new("jpeg-segment-past-end", "Unreadable", "truncated", () => [.. Jpeg()[..^2], 0xFF, 0xE5, 0xFF, 0xF0, 1, 2, 3]),
        new("jpeg-garbage-in-scan", "Unreadable", "JPEG", GarbageInScan),
        new("jpeg-exif-ifd-loop", "Decodes", "48×64", () => JpegSegments.InsertAfterSoi(Jpeg(), 0xE1, JpegSegments.Exif(6, loop: true))),
        new("jpeg-exif-offsets-past-end", "Decodes", "64×48", () => JpegSegments.InsertAfterSoi(Jpeg(), 0xE1, [.. "Exif\0\0II*\0"u8, 0xF0, 0xFF, 0xFF, 0x7F])),
        new("jpeg-exif-orientation-6", "Decodes", "48×64", () => JpegSegments.InsertAfterSoi(Jpeg(), 0xE1, JpegSegments.Exif(6))),

        new("png-cut-in-half", "Unreadable", "truncated", () => Png()[..(Png().Length / 2)]),
        new("png-ztxt-bomb", "Decodes", "64×48", () => PngChunks.Insert(Png(), [.. Enumerable.Repeat(("zTXt", PngChunks.Concat(PngChunks.Ascii("Comment"), [0, 0], BombPayload.Value)), BombChunks)])),
        new("png-itxt-bomb", "Decodes", "64×48", () => PngChunks.Insert(Png(), ("iTXt", PngChunks.Concat(PngChunks.Ascii("XML:com.adobe.xmp"), [0, 1, 0, 0, 0], BombPayload.Value)))),
        new("png-iccp-bomb", "Decodes", "64×48", () => PngChunks.Insert(Png(), ("iCCP", PngChunks.Concat(PngChunks.Ascii("icc"), [0, 0], BombPayload.Value)))),
        new("png-image-data-half-missing", "Unreadable", "ends before the image does", ShortImageData),
        new("png-100000x100000", "TooLarge", "100000×100000", () => WithPngHeader(100_000, 100_000, 8, 2)),
        new("png-width-0", "Unreadable", "impossible size", () => WithPngHeader(0, 48, 8, 2)),
        new("png-bad-depth", "Unreadable", "bit depth 7", () => WithPngHeader(64, 48, 7, 2)),
        new("png-palette-missing", "Unreadable", "palette", () => WithPngHeader(64, 48, 8, 3)),
        new("png-chunk-declares-3gb", "Unreadable", "declares", () => [.. Png()[..33], 0xC0, 0, 0, 0, .. "tEXt"u8, 1, 2, 3, 4]),
        new("png-idat-crc-wrong", "Unreadable", "PNG", BadIdatCrc),
        new("png-1x3000", "Decodes", "1×3000", () => SyntheticPhotos.Png(1, 3000)),
        new("png-exif-orientation-8", "Decodes", "48×64", () => PngChunks.Insert(Png(), ("eXIf", JpegSegments.Exif(8)[6..]))),

        new("webp-cut-in-half", "Unreadable", "truncated", () => SyntheticPhotos.Webp(64, 48)[..(SyntheticPhotos.Webp(64, 48).Length / 2)]),
        new("webp-chunk-declares-4gb", "Unreadable", "past the end", WebpWithHugeChunk),
        new("webp-animated", "UnsupportedFormat", "Animated", AnimatedWebp),
        new("webp-16384x16384", "TooLarge", "16384×16384", () => [.. "RIFF"u8, 18, 0, 0, 0, .. "WEBPVP8L"u8, 5, 0, 0, 0, 0x2F, 0xFF, 0xFF, 0xFF, 0x0F, 0]),
        new("webp-vp8-partition-past-end", "Unreadable", "ends before the image does", LossyPartitionPastEnd),

        new("real-progressive", "Decodes", "161×121", () => Data("progressive.jpg")),
        new("real-progressive-restart", "Decodes", "161×121", () => Data("progressive-restart.jpg")),
        new("real-restart-interval", "Decodes", "161×121", () => Data("restart-interval.jpg")),
        new("real-progressive-97-scans", "Decodes", "161×121", () => Data("progressive-97-scans.jpg")),
        new("real-grayscale", "Decodes", "161×121", () => Data("grayscale.jpg")),
        new("real-yuv444", "Decodes", "161×121", () => Data("yuv444.jpg")),
        new("real-yuv422-restart-blocks", "Decodes", "161×121", () => Data("yuv422-restart-blocks.jpg")),
        new("real-lossy-webp", "Decodes", "161×121", () => Data("lossy.webp")),
        new("real-lying-progressive", "Unreadable", "ends before the image does", () => JpegSegments.WithFrameSize(Data("progressive.jpg"), 161, 400)),
    ];

    public static Entry Get(string name) => Entries.Single(c => c.Name == name);

    private static byte[] Jpeg(int width = 64, int height = 48) => SyntheticPhotos.Jpeg(width, height);

    private static byte[] Png() => SyntheticPhotos.Png(64, 48);

    private static byte[] Data(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "GroundedSam.Testing", "Data", name));

    private static byte[] Encode(SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var image = new Image<Rgb24>(8, 8, new Rgb24(10, 20, 30));
        return SyntheticPhotos.Encode(image, encoder);
    }

    private static byte[] OverfullHuffmanTable()
    {
        var jpeg = Jpeg();
        var dht = JpegSegments.Find(jpeg, 0xC4);
        jpeg[dht + 5] = 200; // 200 codes of length 1
        return jpeg;
    }

    private static byte[] ScanBeforeFrame()
    {
        var jpeg = Jpeg();
        var sof = JpegSegments.Find(jpeg, 0xC0);
        var length = 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sof + 2));
        return [.. jpeg[..sof], .. jpeg[(sof + length)..]];
    }

    private static byte[] GarbageInScan()
    {
        var jpeg = Jpeg(320, 240);
        var sos = JpegSegments.Find(jpeg, 0xDA);
        var random = new Random(7);
        for (var i = sos + 20; i < jpeg.Length - 2; i++)
        {
            jpeg[i] = (byte)random.Next(0, 0xFF);
        }

        return jpeg;
    }

    private static byte[] WithPngHeader(int width, int height, byte depth, byte colorType)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = depth;
        header[9] = colorType;
        var chunks = PngChunks.Split(Png());
        chunks[0] = ("IHDR", header);
        return PngChunks.Join(chunks);
    }

    // The rows of the top half only, compressed and closed properly: every chunk is whole, the image is not.
    private static byte[] ShortImageData()
    {
        var chunks = PngChunks.Split(Png());
        var rows = new byte[24 * (1 + (64 * 3))];
        chunks.RemoveAll(c => c.Type == "IDAT");
        chunks.Insert(chunks.Count - 1, ("IDAT", PngChunks.Zlib(rows)));
        return PngChunks.Join(chunks);
    }

    private static byte[] BadIdatCrc()
    {
        var png = Png();
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idat - 4));
        png[idat + 4 + length] ^= 0xFF;
        return png;
    }

    // An extended WebP whose last chunk says it is 4 GB long.
    private static byte[] WebpWithHugeChunk()
    {
        var image = SyntheticPhotos.Webp(64, 48);
        var vp8X = new byte[18];
        "VP8X"u8.CopyTo(vp8X);
        vp8X[4] = 10;
        vp8X[8] = 0x08; // EXIF present
        WriteU24(vp8X.AsSpan(12), 63);
        WriteU24(vp8X.AsSpan(15), 47);
        byte[] exif = [.. "EXIF"u8, 0xF0, 0xFF, 0xFF, 0xFF, .. "II*\0"u8];
        return Riff([.. vp8X, .. image[12..], .. exif]);
    }

    private static byte[] AnimatedWebp()
    {
        var image = SyntheticPhotos.Webp(64, 48);
        var vp8X = new byte[18];
        "VP8X"u8.CopyTo(vp8X);
        vp8X[4] = 10;
        vp8X[8] = 0x02; // animation
        WriteU24(vp8X.AsSpan(12), 63);
        WriteU24(vp8X.AsSpan(15), 47);
        byte[] anim = [.. "ANIM"u8, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        return Riff([.. vp8X, .. anim, .. image[12..]]);
    }

    private static byte[] LossyPartitionPastEnd()
    {
        var webp = Data("lossy.webp");
        var vp8 = webp.AsSpan().IndexOf("VP8 "u8);
        var tag = webp[vp8 + 8] | (webp[vp8 + 9] << 8) | (webp[vp8 + 10] << 16);
        tag |= 0x7FFFF << 5; // a first partition of 512 KB
        webp[vp8 + 8] = (byte)tag;
        webp[vp8 + 9] = (byte)(tag >> 8);
        webp[vp8 + 10] = (byte)(tag >> 16);
        return webp;
    }

    private static byte[] Riff(byte[] chunks)
    {
        var riff = new byte[12 + chunks.Length];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)(4 + chunks.Length));
        "WEBP"u8.CopyTo(riff.AsSpan(8));
        chunks.CopyTo(riff, 12);
        return riff;
    }

    private static void WriteU24(Span<byte> destination, int value)
    {
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
    }
}
