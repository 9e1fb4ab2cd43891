using System.ComponentModel.DataAnnotations;

namespace DistrictSferum.Contracts.Options;

/// <summary>A time span setting that must be longer than zero (a zero period or lifetime would spin or expire at once).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PositiveAttribute() : ValidationAttribute("The field {0} must be longer than zero.")
{
    public override bool IsValid(object? value) => value is not TimeSpan span || span > TimeSpan.Zero;
}
