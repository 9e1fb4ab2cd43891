using System.Runtime.CompilerServices;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Files;
using DistrictSferum.Gateway.Auth;
using DistrictSferum.Gateway.Services;
using DistrictSferum.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DistrictSferum.Gateway.Files;

/// <summary>Files in chats (CHAT-8): hands the request and response streams to the transfer pipeline, chunk by chunk.</summary>
public sealed class FileGrpcService(IFileTransfer transfer, IStagedUploads staged) : FileService.FileServiceBase
{
    public override async Task<UploadFileResponse> UploadFile(IAsyncStreamReader<UploadFileRequest> requestStream, ServerCallContext context)
    {
        var actor = context.Actor();
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.PartCase != UploadFileRequest.PartOneofCase.Header)
            throw DomainException.InvalidField("header", FileErrors.UploadHeaderRequired, "An upload starts with its header.", Rules.Chat8);
        var file = await transfer.UploadAsync(actor, Header(requestStream.Current.Header), Chunks(requestStream, context.CancellationToken), context.CancellationToken);
        return new UploadFileResponse { File = file.ToProto() };
    }

    public override async Task<StartUploadResponse> StartUpload(StartUploadRequest request, ServerCallContext context)
    {
        if (request.Header is null)
            throw DomainException.InvalidField("header", FileErrors.UploadHeaderRequired, "An upload starts with its header.", Rules.Chat8);
        var upload = await staged.StartAsync(context.Actor(), Header(request.Header), context.CancellationToken);
        var response = new StartUploadResponse { UploadId = upload.UploadId, Received = upload.Received, MaxChunkBytes = upload.MaxChunkBytes };
        if (upload.Stored is { } stored) response.File = stored.ToProto();
        return response;
    }

    public override async Task<AppendUploadResponse> AppendUpload(AppendUploadRequest request, ServerCallContext context) => new()
    {
        Received = await staged.AppendAsync(context.Actor(), GrainKeys.Require(request.UploadId, "upload_id"), request.Offset, request.Chunk.Memory,
            context.CancellationToken),
    };

    public override async Task<FinishUploadResponse> FinishUpload(FinishUploadRequest request, ServerCallContext context) => new()
    {
        File = (await staged.FinishAsync(context.Actor(), GrainKeys.Require(request.UploadId, "upload_id"), context.CancellationToken)).ToProto(),
    };

    public override async Task DownloadFile(DownloadFileRequest request, IServerStreamWriter<DownloadFileResponse> responseStream, ServerCallContext context)
    {
        var (file, chunks) = await transfer.DownloadAsync(context.Actor(), GrainKeys.Require(request.FileId, "file_id"), request.Offset,
            request.Length == 0 ? null : request.Length, context.CancellationToken);
        await responseStream.WriteAsync(new DownloadFileResponse { File = file.ToProto(), Offset = request.Offset });
        var offset = request.Offset;
        await foreach (var chunk in chunks.WithCancellation(context.CancellationToken))
        {
            await responseStream.WriteAsync(new DownloadFileResponse { Offset = offset, Chunk = UnsafeByteOperations.UnsafeWrap(chunk) });
            offset += chunk.Length;
        }
    }

    public override async Task<GetFileResponse> GetFile(GetFileRequest request, ServerCallContext context)
    {
        var (file, _) = await transfer.DownloadAsync(context.Actor(), GrainKeys.Require(request.FileId, "file_id"), 0, 0, context.CancellationToken);
        return new GetFileResponse { File = file.ToProto() };
    }

    public override async Task<GetThumbnailResponse> GetThumbnail(GetThumbnailRequest request, ServerCallContext context)
    {
        var image = await transfer.ThumbnailAsync(context.Actor(), GrainKeys.Require(request.FileId, "file_id"), context.CancellationToken);
        return image is null
            ? new GetThumbnailResponse()
            : new GetThumbnailResponse { Image = ByteString.CopyFrom(image), ContentType = image.Length > 2 && image[0] == 0xFF && image[1] == 0xD8 ? "image/jpeg" : "image/png" };
    }

    private static UploadHeader Header(UploadFileHeader h) =>
        new(GrainKeys.Require(h.SchoolId, "header.school_id"), h.Name, h.ContentType, h.Size, h.Sha256, ClientRequestIds.Optional(h.ClientRequestId));

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(IAsyncStreamReader<UploadFileRequest> requests, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await requests.MoveNext(cancellationToken))
        {
            if (requests.Current.PartCase != UploadFileRequest.PartOneofCase.Chunk)
                throw DomainException.InvalidField("chunk", FileErrors.UploadHeaderRequired, "After the header an upload sends only chunks.", Rules.Chat8);
            yield return requests.Current.Chunk.Memory;
        }
    }
}

/// <summary>Wire translation for files.</summary>
public static class FileMapping
{
    public static ChatFile ToProto(this FileView f)
    {
        var file = new ChatFile
        {
            FileId = f.FileId,
            SchoolId = f.SchoolId,
            UploaderId = f.UploaderId,
            Name = f.Name,
            ContentType = f.ContentType,
            Size = f.Size,
            Sha256 = f.Sha256,
            ScanStatus = f.Scan == ScanStatus.Clean ? FileScanStatus.Clean : FileScanStatus.NotScanned,
            CreatedAt = f.CreatedAt.ToTimestamp(),
            ChatId = f.ChatId ?? "",
            MessageSeq = f.MessageSeq ?? 0,
            Width = f.Width ?? 0,
            Height = f.Height ?? 0,
            HasThumbnail = f.HasThumbnail,
            DeletedBy = f.DeletedBy ?? "",
            Evidence = f.Evidence,
        };
        if (f.DeletedAt is { } deleted) file.DeletedAt = deleted.ToTimestamp();
        return file;
    }
}
