namespace DistrictSferum.Contracts;

/// <summary>
/// Who is acting. The gateway builds it from the verified access token only; a client can never set it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ds.Actor")]
public sealed record Actor([property: Id(0)] string UserId)
{
    public override string ToString() => UserId;
}

/// <summary>A page request: an opaque cursor from the previous page and a size.</summary>
[GenerateSerializer, Immutable, Alias("ds.PageRequest")]
public sealed record PageRequest([property: Id(0)] string? Cursor, [property: Id(1)] int Size)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    public int EffectiveSize => Size <= 0 ? DefaultSize : Math.Min(Size, MaxSize);

    public static PageRequest First(int size = DefaultSize) => new(null, size);

    /// <summary>
    /// For lists that older clients read without paging (ListMyChats, ListReports, ListInvitations): a request without
    /// a page size gets up to <see cref="MaxSize"/> items and a next page token if more follow, instead of the default
    /// page a client that never pages would take for the whole list.
    /// </summary>
    public PageRequest UnpagedUpToMax() => Size <= 0 ? this with { Size = MaxSize } : this;
}

/// <summary>One page of a list and the cursor of the next page (null on the last).</summary>
[GenerateSerializer, Immutable, Alias("ds.Page`1")]
public sealed record Page<T>([property: Id(0)] IReadOnlyList<T> Items, [property: Id(1)] string? NextCursor);
