using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Statistics;
using DistrictSferum.Grains.Statistics;

namespace DistrictSferum.Tests.Rules;

public sealed class StatisticsRulesTests
{
    private static SuppressionCell<string, string> Cell(string name, int members, long count, params string[] groups) => new(name, members, count, groups);

    [Fact]
    public void DIS_4_a_cell_with_four_members_is_suppressed_and_one_with_five_is_shown()
    {
        var four = Cell("four", 4, 40);
        var five = Cell("five", 5, 50);
        Suppression.Apply([four, five], 5);
        Assert.True(four.Suppressed);
        Assert.False(five.Suppressed);
    }

    [Fact]
    public void DIS_4_a_lone_suppressed_sibling_takes_the_smallest_other_sibling_with_it()
    {
        // Total 95 is published elsewhere: 95 - 40 - 50 would give the 2-member class away.
        var small = Cell("5Б", 2, 5, "by-class");
        var middle = Cell("5А", 6, 40, "by-class");
        var large = Cell("5В", 9, 50, "by-class");
        Suppression.Apply([small, middle, large], 5);
        Assert.True(small.Suppressed);
        Assert.True(middle.Suppressed);
        Assert.False(large.Suppressed);
    }

    [Fact]
    public void DIS_4_complementary_suppression_repeats_across_groups_until_no_group_has_a_lone_hidden_cell()
    {
        // Two breakdowns share cells: hiding one in the class group leaves a lone hidden cell in the role group.
        var a = Cell("a", 3, 3, "class:x", "role:teacher");
        var b = Cell("b", 6, 6, "class:x", "role:student");
        var c = Cell("c", 7, 7, "class:y", "role:student");
        var d = Cell("d", 8, 8, "class:y", "role:teacher");
        Suppression.Apply([a, b, c, d], 5);
        Assert.All(new[] { a, b, c, d }, x => Assert.True(x.Suppressed));
    }

    [Fact]
    public void DIS_4_an_hour_hidden_in_a_day_takes_the_smallest_other_hour_of_that_day_and_cells_come_out_in_order()
    {
        var day = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        UsageRow Hour(int hour, int members, long count) =>
            new(new UsageCell(day.AddHours(hour), null, null, null, null, null, null, UsageKinds.MessageSent, count, null, false), members, count);
        var nextDay = new UsageRow(new UsageCell(day.AddDays(1), null, null, null, null, null, null, UsageKinds.MessageSent, 7, null, false), 9, 7);
        var published = UsagePublishing.Publish([nextDay, Hour(10, 9, 90), Hour(9, 2, 3), Hour(11, 6, 40)], 5, [], UsageBucketSize.Hour);

        Assert.Equal([9, 10, 11, 0], published.Select(c => c.BucketStart.Hour));
        Assert.Equal([true, false, true, false], published.Select(c => c.Suppressed));
        Assert.Null(published[0].Value);
        Assert.Null(published[2].Value);
        Assert.Equal(7, published[3].Value);
    }

    [Fact]
    public void DIS_4_k_is_never_below_three() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Suppression.Apply([Cell("x", 9, 9)], 2));

    [Fact]
    public void DIS_4_minute_buckets_are_school_totals_and_breakdowns_start_at_the_hour()
    {
        var now = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        foreach (var dimension in new[] { UsageDimension.Class, UsageDimension.ChatKind, UsageDimension.Role })
        {
            var e = Assert.Throws<DomainException>(() => StatisticsRules.Validate(new UsageQuery("s", now, now.AddHours(1), UsageBucketSize.Minute, [dimension], [])));
            Assert.Equal("BUCKET_TOO_FINE", e.Code);
            Assert.Equal("DIS-4", e.RuleId);
        }

        StatisticsRules.Validate(new UsageQuery(null, now, now.AddHours(1), UsageBucketSize.Minute, [UsageDimension.School], []));
        StatisticsRules.Validate(new UsageQuery("s", now, now.AddHours(1), UsageBucketSize.Hour, [UsageDimension.Class, UsageDimension.Role], []));
    }

    [Fact]
    public void DIS_4_a_fact_counts_in_its_school_and_the_district_with_classes_only_hourly_or_coarser()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 15, 42, TimeSpan.Zero);
        var cells = UsageFolding.Fold([new UsageFact(at, "s1", new UsageClass("c1", "5А", 5), "class_students", "student", UsageKinds.MessageSent, MemberKeys.Of("u1"))]);

        var minutes = cells.Keys.Where(k => k.Bucket == 'm').ToList();
        Assert.Equal(2, minutes.Count);
        Assert.All(minutes, k => Assert.True(k.ClassKey == "" && k.ChatKind == "" && k.Role == "" && k.BucketStart == new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero)));
        var hours = cells.Keys.Where(k => k.Bucket == 'h').ToList();
        Assert.Contains(hours, k => k.SchoolId == "s1" && k.ClassKey == "c:c1" && k.ClassName == "5А");
        Assert.Contains(hours, k => k.SchoolId == "" && k.ClassKey == "g:5");
        Assert.DoesNotContain(hours, k => k.SchoolId == "" && k.ClassKey.StartsWith("c:", StringComparison.Ordinal));
        Assert.All(cells.Values, v => Assert.Equal(1, v.Count));
        // Per hour and per day: the school's 3 class levels and the district's 2, each by chat kind, role, both and neither.
        Assert.Equal(2 + 2 * (3 * 4 + 2 * 4), cells.Count);
        Assert.All(cells.Values, v => Assert.Equal([MemberKeys.Number(MemberKeys.Of("u1"))], v.Members));
    }

    [Fact]
    public void Member_keys_are_stable_and_do_not_contain_the_user_id()
    {
        var key = MemberKeys.Of("0123456789abcdef0123456789abcdef");
        Assert.Equal(16, key.Length);
        Assert.Equal(key, MemberKeys.Of("0123456789abcdef0123456789abcdef"));
        Assert.DoesNotContain("0123456789abcdef", Convert.ToHexString(key), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ORG_14_periods_are_calendar_ranges_weeks_from_monday_academic_years_from_september()
    {
        var (from, to) = StatisticsRules.PeriodRange(StatisticsPeriod.Week, new DateOnly(2026, 12, 3));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), from);
        Assert.Equal(from.AddDays(7), to);
        var (yearFrom, yearTo) = StatisticsRules.PeriodRange(StatisticsPeriod.AcademicYear, new DateOnly(2027, 3, 1));
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), yearFrom);
        Assert.Equal(new DateTimeOffset(2027, 9, 1, 0, 0, 0, TimeSpan.Zero), yearTo);
    }
}
