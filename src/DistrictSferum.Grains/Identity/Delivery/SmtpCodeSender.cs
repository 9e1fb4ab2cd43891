using DistrictSferum.Contracts.Identity;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DistrictSferum.Grains.Identity.Delivery;

/// <summary>Sends codes to e-mail addresses through an SMTP server.</summary>
public sealed class SmtpCodeSender(IOptions<CodeDeliveryOptions> options)
{
    public async Task SendAsync(ContactAddress to, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to.Value));
        message.Subject = smtp.Subject;
        message.Body = new TextPart("plain")
        {
            Text = CodeMessages.Email(to, code, expiresAt),
        };

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (smtp.UserName is { Length: > 0 }) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
