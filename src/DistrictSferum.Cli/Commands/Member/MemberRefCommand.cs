using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Commands;

/// <summary>A command on one member (<c>SCHOOL_ID USER_ID</c>) that answers with the member's profile.</summary>
internal abstract class MemberRefCommand(CliEnvironment environment) : SferumCommand<MemberRefSettings>(environment)
{
    protected abstract Task<Member> Call(MemberService.MemberServiceClient client, string schoolId, string userId, CallOptions options);

    protected override async Task<int> RunAsync(MemberRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var member = await Call(new MemberService.MemberServiceClient(connection.Invoker), settings.SchoolId, settings.UserId,
            await connection.AuthorizedAsync());
        await MemberView.WriteAsync(output, connection, settings.SchoolId, member);
        return ExitCodes.Ok;
    }
}
