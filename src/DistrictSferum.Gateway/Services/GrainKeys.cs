using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Gateway.Services;

/// <summary>Ids that name grains arrive from clients: they must be present and of a sane size and alphabet.</summary>
public static class GrainKeys
{
    public static string Require(string? id, string field)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw DomainException.InvalidField(field, CommonErrors.IdInvalid, $"{field} is missing or malformed.");
        return id;
    }
}
