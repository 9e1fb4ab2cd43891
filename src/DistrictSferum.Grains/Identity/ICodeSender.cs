using DistrictSferum.Contracts.Identity;

namespace DistrictSferum.Grains.Identity;

/// <summary>Delivers a one-time code to a phone or an e-mail address (adapter: log file, SMTP, SMS gateway).</summary>
public interface ICodeSender
{
    Task SendAsync(ContactAddress to, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
