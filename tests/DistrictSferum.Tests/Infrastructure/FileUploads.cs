using System.Security.Cryptography;
using DistrictSferum.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace DistrictSferum.Tests.Infrastructure;

/// <summary>Uploads and downloads through FileService as a client does: a header, then chunks.</summary>
public static class FileUploads
{
    public const int Chunk = 256 * 1024;

    /// <summary>A PDF-looking document of <paramref name="size"/> bytes (the "%PDF-" magic, then random bytes).</summary>
    public static byte[] Pdf(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static UploadFileHeader Header(string schoolId, string name, byte[] bytes) => new()
    {
        SchoolId = schoolId,
        Name = name,
        ContentType = "application/octet-stream",
        Size = bytes.Length,
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
    };

    public static UploadFileHeader Also(this UploadFileHeader header, Action<UploadFileHeader> change)
    {
        change(header);
        return header;
    }

    public static Task<ChatFile> UploadAsync(Session who, string schoolId, string name, byte[] bytes, int chunk = Chunk) =>
        UploadAsync(who, Header(schoolId, name, bytes), bytes, chunk);

    public static async Task<ChatFile> UploadAsync(Session who, UploadFileHeader header, byte[] bytes, int chunk = Chunk)
    {
        using var call = who.Files.UploadFile();
        await call.RequestStream.WriteAsync(new UploadFileRequest { Header = header });
        try
        {
            for (var at = 0; at < bytes.Length; at += chunk)
                await call.RequestStream.WriteAsync(new UploadFileRequest { Chunk = ByteString.CopyFrom(bytes, at, Math.Min(chunk, bytes.Length - at)) });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server refused before reading everything: its answer says why.
        }
        catch (InvalidOperationException)
        {
        }

        return (await call.ResponseAsync).File;
    }

    /// <summary>The same upload in unary calls, as a browser sends it: start, the chunks in order, finish.</summary>
    public static async Task<ChatFile> StagedUploadAsync(Session who, UploadFileHeader header, byte[] bytes, int chunk = Chunk)
    {
        var start = await who.Files.StartUploadAsync(new StartUploadRequest { Header = header });
        if (start.File is not null) return start.File;
        for (var at = (int)start.Received; at < bytes.Length; at += chunk)
            await who.Files.AppendUploadAsync(new AppendUploadRequest
            {
                UploadId = start.UploadId,
                Offset = at,
                Chunk = ByteString.CopyFrom(bytes, at, Math.Min(chunk, bytes.Length - at)),
            });
        return (await who.Files.FinishUploadAsync(new FinishUploadRequest { UploadId = start.UploadId })).File;
    }

    public static async Task<(ChatFile File, byte[] Bytes)> DownloadAsync(Session who, string fileId, long offset = 0, long length = 0)
    {
        using var call = who.Files.DownloadFile(new DownloadFileRequest { FileId = fileId, Offset = offset, Length = length });
        ChatFile? file = null;
        var bytes = new MemoryStream();
        await foreach (var part in call.ResponseStream.ReadAllAsync())
        {
            file ??= part.File;
            Assert.Equal(offset + bytes.Length, part.Offset);
            part.Chunk.WriteTo(bytes);
        }

        return (file!, bytes.ToArray());
    }
}
