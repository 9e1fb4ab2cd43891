using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Grains.Identity.Delivery;

/// <summary>The words around a code: it says what it unlocks, so a parent never hands a child's code over unknowingly (REG-3).</summary>
public static class CodeMessages
{
    public static string Purpose(ContactAddress to) =>
        to.Dependent is { } child ? $"код для входа в учётную запись ребёнка {child}" : "код для входа в вашу учётную запись";

    public static string Email(ContactAddress to, string code, DateTimeOffset expiresAt) =>
        $"Это {Purpose(to)}: {code}\nКод действует до {expiresAt:yyyy-MM-dd HH:mm} UTC. Никому его не сообщайте.";
}
