using System.Globalization;
using DistrictSferum.Contracts.Errors;

namespace DistrictSferum.Contracts;

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

    /// <summary>The offset a page of a PostgreSQL list starts at (its cursor is the offset of the next row).</summary>
    public static int Offset(PageRequest page) =>
        page.Cursor is not { Length: > 0 } cursor ? 0
        : int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset
        : throw DomainException.InvalidField("page_token", CommonErrors.CursorInvalid, "The page cursor is not one this list gave out.");

    /// <summary>A page of rows read with LIMIT size + 1: the extra row only says that more follow.</summary>
    public static Page<T> FromRows<T>(IReadOnlyList<T> rows, PageRequest page, int offset)
    {
        var items = rows.Take(page.EffectiveSize).ToList();
        return new Page<T>(items, rows.Count > page.EffectiveSize ? (offset + items.Count).ToString(CultureInfo.InvariantCulture) : null);
    }
}
