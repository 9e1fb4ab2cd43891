using DistrictSferum.Cli.Infrastructure;
using DistrictSferum.Protos.V1;

namespace DistrictSferum.Cli.Commands;

/// <summary><c>request accept</c> and <c>request reject</c>: decides and shows the decided request.</summary>
internal abstract class DecideJoinRequestCommand(CliEnvironment environment, bool accept) : SferumCommand<JoinRequestRefSettings>(environment)
{
    protected override async Task<int> RunAsync(JoinRequestRefSettings settings, CliOutput output)
    {
        using var connection = Connect(settings);
        var decided = (await new MemberService.MemberServiceClient(connection.Invoker).DecideJoinRequestAsync(
            new DecideJoinRequestRequest { SchoolId = settings.SchoolId, RequestId = settings.RequestId, Accept = accept }, await connection.AuthorizedAsync())).Request;
        JoinRequestView.Write(output, decided, output.Json ? null : await ClassNames.LoadAsync(connection, settings.SchoolId));
        return ExitCodes.Ok;
    }
}
