using System.Globalization;
using DistrictSferum.Contracts;
using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Grains.Common;

/// <summary>Pages over a list held in grain state; the cursor is the offset of the next item.</summary>
public static class Paging
{
    public static Page<T> Slice<T>(IReadOnlyList<T> items, PageRequest request)
    {
        var offset = 0;
        if (request.Cursor is { Length: > 0 } cursor &&
            (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > items.Count))
        {
            throw DomainException.InvalidField("page_token", CommonErrors.CursorInvalid, "The page cursor is not one this list gave out.");
        }

        var size = request.EffectiveSize;
        var slice = items.Skip(offset).Take(size).ToList();
        var next = offset + slice.Count < items.Count ? (offset + slice.Count).ToString(CultureInfo.InvariantCulture) : null;
        return new Page<T>(slice, next);
    }
}
