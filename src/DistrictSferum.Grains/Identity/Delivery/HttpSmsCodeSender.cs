using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DistrictSferum.Contracts.Identity;
using Microsoft.Extensions.Options;

namespace DistrictSferum.Grains.Identity.Delivery;

/// <summary>Sends codes to phones through a generic HTTP SMS gateway (<see cref="SmsGatewayOptions"/>).</summary>
public sealed class HttpSmsCodeSender(HttpClient http, IOptions<CodeDeliveryOptions> options)
{
    public async Task SendAsync(ContactAddress to, string code, CancellationToken cancellationToken)
    {
        var sms = options.Value.Sms;
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Url)
        {
            Content = JsonContent.Create(new { to = to.Value, text = string.Format(CultureInfo.InvariantCulture, sms.Text, code) }),
        };
        if (sms.ApiKey is { Length: > 0 }) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sms.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>Production delivery: e-mail addresses by SMTP, phone numbers by the SMS gateway.</summary>
public sealed class ProductionCodeSender(SmtpCodeSender smtp, HttpSmsCodeSender sms) : ICodeSender
{
    public Task SendAsync(ContactAddress to, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        to.Kind == ContactKind.Email
            ? smtp.SendAsync(to, code, expiresAt, cancellationToken)
            : sms.SendAsync(to, code, cancellationToken);
}
