using DistrictSferum.Protos.V1;
using Grpc.Core;

namespace DistrictSferum.Cli.Infrastructure;

/// <summary>
/// A school's class names by id, so tables can say "5А" where the API says a class id. Looked up only for tables
/// (never for <c>--json</c>); an id the list lacks, or every id when the caller may not list them, is shown as it is.
/// </summary>
internal sealed class ClassNames
{
    private readonly Dictionary<string, string> names;

    private ClassNames(Dictionary<string, string> names) => this.names = names;

    /// <summary>Every class of the school, archived ones included.</summary>
    public static async Task<ClassNames> LoadAsync(ServerConnection connection, string schoolId)
    {
        var client = new ClassService.ClassServiceClient(connection.Invoker);
        try
        {
            var classes = await Pager.FetchAsync(500, "", all: true, async (size, token) => await client.ListClassesAsync(
                new ListClassesRequest { SchoolId = schoolId, IncludeArchived = true, PageSize = size, PageToken = token }, await connection.AuthorizedAsync()));
            return new ClassNames(classes.Classes.ToDictionary(c => c.ClassId, c => c.Name, StringComparer.Ordinal));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.NotFound)
        {
            // E.g. an employee who just recorded their own departure: the command itself succeeded.
            return new ClassNames([]);
        }
    }

    /// <summary>The class's name, or its id when unknown; "" for no class.</summary>
    public string this[string classId] => classId.Length == 0 ? "" : this.names.GetValueOrDefault(classId, classId);

    /// <summary>"5А (CLASS_ID)" for one class shown on its own; just the id when the name is unknown.</summary>
    public string WithId(string classId) =>
        this.names.TryGetValue(classId, out var name) ? $"{name} ({classId})" : classId;

    public string Join(IEnumerable<string> classIds) => string.Join(", ", classIds.Where(id => id.Length > 0).Distinct().Select(id => this[id]));
}
