using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>The names of schools by id, for tables that would otherwise show 32-hex ids (<c>whoami</c>, <c>use</c>).</summary>
internal static class SchoolNames
{
    /// <summary>Each school's name; a school the caller may not see keeps its id.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LoadAsync(ServerConnection connection, IEnumerable<string> schoolIds)
    {
        var client = new SchoolService.SchoolServiceClient(connection.Invoker);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in schoolIds.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var school = (await client.GetSchoolAsync(new GetSchoolRequest { SchoolId = id }, await connection.AuthorizedAsync())).School;
                names[id] = school.Info?.Name is { Length: > 0 } name ? name : id;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied)
            {
                names[id] = id;
            }
        }

        return names;
    }
}
