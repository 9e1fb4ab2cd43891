using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace DistrictSferum.Grains.Files;

/// <summary>
/// Image previews: a small picture (longest side <c>ThumbnailSize</c>) decoded with SkiaSharp from the stored bytes,
/// downsampled while decoding where the codec can. Images above <see cref="FilesOptions.ThumbnailMaxSourceBytes"/> or
/// <see cref="FilesOptions.ThumbnailMaxSourcePixels"/> keep their dimensions but get no preview, so one upload cannot take
/// a silo's memory (deliberate: decoding is in-process).
/// </summary>
public static class Thumbnails
{
    public static bool WithinBounds(long size, (int Width, int Height) dimensions, FilesOptions options) =>
        size <= options.ThumbnailMaxSourceBytes && dimensions.Width > 0 && dimensions.Height > 0
        && (long)dimensions.Width * dimensions.Height <= options.ThumbnailMaxSourcePixels;

    public static async Task<byte[]?> MakeAsync(IBlobStore store, string schoolId, string sha256, long size, (int Width, int Height) dimensions, FilesOptions options,
        ILogger logger, CancellationToken cancellationToken)
    {
        if (!WithinBounds(size, dimensions, options)) return null;
        var maxSide = options.ThumbnailSize;
        using var source = new MemoryStream((int)size);
        await foreach (var piece in store.ReadAsync(schoolId, sha256, 0, null, cancellationToken)) source.Write(piece.Span);
        source.Position = 0;
        try
        {
            return Make(source, maxSide);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A picture whose header is fine but whose body is not: it is still a file, just without a preview.
            logger.LogWarning(e, "No preview for an image of {Width}x{Height}", dimensions.Width, dimensions.Height);
            return null;
        }
    }

    public static byte[]? Make(Stream source, int maxSide)
    {
        using var codec = SKCodec.Create(source);
        if (codec is null) return null;
        var info = codec.Info;
        var scale = Math.Min(1f, (float)maxSide / Math.Max(info.Width, info.Height));
        // JPEG decodes at 1/2, 1/4, 1/8 directly: ask for the smallest size not below the target.
        var decodeSize = codec.GetScaledDimensions(Math.Min(1f, scale * 2));
        using var decoded = new SKBitmap(new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return null;
        var width = Math.Max(1, (int)Math.Round(info.Width * scale));
        var height = Math.Max(1, (int)Math.Round(info.Height * scale));
        using var small = decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (small is null) return null;
        using var image = SKImage.FromBitmap(small);
        using var data = image.Encode(codec.EncodedFormat == SKEncodedImageFormat.Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 80);
        return data?.ToArray();
    }
}
