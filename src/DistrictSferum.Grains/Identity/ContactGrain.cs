using DistrictSferum.Contracts;
using Microsoft.Extensions.DependencyInjection;
using DistrictSferum.Contracts.Errors;
using DistrictSferum.Contracts.Identity;
using DistrictSferum.Grains.Common;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using DistrictSferum.Grains.Users;

namespace DistrictSferum.Grains.Identity;

[GenerateSerializer, Alias("ds.ContactState")]
public sealed class ContactState
{
    [Id(0)] public string? UserId { get; set; }
    [Id(1)] public PendingCode? Pending { get; set; }
    [Id(2)] public List<DateTimeOffset> RecentRequests { get; set; } = [];

    /// <summary>Wrong codes and locks; kept on the quota owner (<see cref="ContactAddress.QuotaOwner"/>).</summary>
    [Id(3)] public SignInRules.FailureRecord Failures { get; set; } = SignInRules.FailureRecord.None;

    /// <summary>Whether the state of this address under its old, plain grain key was looked for (see <c>AdoptLegacyAsync</c>).</summary>
    [Id(4)] public bool LegacyChecked { get; set; }
}

public sealed class ContactGrain(
    [PersistentState("contact", StorageNames.Contacts)] IPersistentState<ContactState> state,
    IContactExpiryStore expiry,
    Delivery.CodeDeliveryQueue delivery,
    IOptions<Delivery.CodeDeliveryOptions> deliveryOptions,
    IOptions<SignInOptions> options,
    ContactKeys keys,
    [FromKeyedServices(StorageNames.Grains)] IGrainStorage storage,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, IContactGrain, IContactLimits, IContactAccounts
{
    public const string NewUserName = "Новый пользователь";

    private ContactAddress? address;

    /// <summary>Whether this activation already put the contact on the expiry list (the sweep re-checks before removing).</summary>
    private bool expiryScheduled;

    /// <summary>The address of the current call (checked against this grain's key by <see cref="Bind"/>).</summary>
    private ContactAddress Address => address ?? throw new InvalidOperationException("No address given to this call.");

    /// <summary>Whose limits and lock this address answers to (itself, or the parent's canonical mailbox).</summary>
    private ContactAddress QuotaOwner => Address.QuotaOwner;

    private bool OwnsQuota => QuotaOwner.Key == Address.Key;

    private IContactLimits Owner => GrainFactory.GetGrain<IContactLimits>(keys.Of(QuotaOwner));

    private async Task Bind(ContactAddress contact)
    {
        if (keys.Of(contact) != this.GetPrimaryKeyString())
            throw new ArgumentException("The address does not belong to this contact grain.", nameof(contact));
        address = contact;
        if (!state.State.LegacyChecked) await AdoptLegacyAsync(contact);
    }

    /// <summary>
    /// A database from before keyed contact keys holds this address's account under its plain key ("phone:+7…"):
    /// read that row straight from storage (no grain with the plain key is activated, so nothing logs it) and keep its
    /// account. Codes, limits and locks in flight are not carried over.
    /// </summary>
    private async Task AdoptLegacyAsync(ContactAddress contact)
    {
        if (state.State.UserId is null)
        {
            var legacy = new GrainState<ContactState>();
            await storage.ReadStateAsync("contact", GrainId.Create("contact", contact.Key), legacy);
            state.State.UserId = legacy.RecordExists ? legacy.State?.UserId : null;
        }

        state.State.LegacyChecked = true;
        await SaveAsync();
    }

    public async Task<CodeIssued> RequestCode(ContactAddress contact)
    {
        await Bind(contact);
        if (delivery.IsFull) throw DeliveryBusy();
        // REG-3: codes for pupils go to a parent's inbox, and a+1@x goes to a@x's: that inbox's own limit caps them all.
        if (!OwnsQuota) await Owner.AdmitCodeRequest();
        var now = clock.GetUtcNow();
        SignInRules.EnsureUnlocked(state.State.Failures, now);
        var recent = SignInRules.AdmitRequest(state.State.RecentRequests, now, options.Value);
        var (code, pending) = SignInRules.Issue(now, options.Value);
        // Sent by the silo's delivery workers, never in this turn: a slow provider holds no grain and no caller.
        if (!delivery.TryEnqueue(new Delivery.CodeDelivery(Address, code, pending.ExpiresAt))) throw DeliveryBusy();
        state.State.RecentRequests = recent;
        state.State.Pending = pending;
        await SaveAsync();
        SferumTelemetry.SignInCodesRequested.Add(1);
        return new CodeIssued(pending.ExpiresAt, options.Value.CodeLength);
    }

    private DomainException DeliveryBusy() => DomainException.Exhausted(IdentityErrors.CodeDeliveryBusy,
        "Sign-in codes are being sent more slowly than they are requested; try again shortly.", deliveryOptions.Value.QueueFullRetryAfter);

    public async Task AdmitCodeRequest()
    {
        var now = clock.GetUtcNow();
        SignInRules.EnsureUnlocked(state.State.Failures, now);
        state.State.RecentRequests = SignInRules.AdmitRequest(state.State.RecentRequests, now, options.Value);
        await SaveAsync();
    }

    public Task EnsureUnlocked()
    {
        SignInRules.EnsureUnlocked(state.State.Failures, clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public async Task RecordFailedVerification()
    {
        var now = clock.GetUtcNow();
        state.State.Failures = SignInRules.RecordFailure(state.State.Failures, now, options.Value);
        await SaveAsync();
        SignInRules.EnsureUnlocked(state.State.Failures, now);
    }

    public async Task<string> VerifyCode(ContactAddress contact, string code, string? displayName = null)
    {
        await Bind(contact);
        if (OwnsQuota) SignInRules.EnsureUnlocked(state.State.Failures, clock.GetUtcNow());
        else await Owner.EnsureUnlocked();
        var (outcome, remaining) = SignInRules.Check(state.State.Pending, code, clock.GetUtcNow());
        state.State.Pending = remaining;
        if (outcome != SignInRules.Outcome.Accepted)
        {
            SferumTelemetry.SignInCodesFailed.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
            // Every wrong code counts against the address across codes: a fresh code does not restore guesses.
            if (OwnsQuota)
            {
                state.State.Failures = SignInRules.RecordFailure(state.State.Failures, clock.GetUtcNow(), options.Value);
                await SaveAsync();
                SignInRules.EnsureUnlocked(state.State.Failures, clock.GetUtcNow());
            }
            else
            {
                await SaveAsync();
                await Owner.RecordFailedVerification();
            }

            throw outcome == SignInRules.Outcome.Burned
                ? DomainException.Precondition(IdentityErrors.CodeAttemptsExhausted, "Too many wrong codes; request a new one.")
                : DomainException.Unauthenticated(IdentityErrors.CodeInvalid, "The code is wrong or was already used.");
        }

        // CHAT-5: a phone number or e-mail never becomes the name others see.
        state.State.UserId ??= await CreateAccount(string.IsNullOrWhiteSpace(displayName) ? NewUserName : displayName);
        await SaveAsync();
        if (expiryScheduled) await expiry.ForgetAsync(this.GetPrimaryKeyString());
        return state.State.UserId;
    }

    /// <summary>
    /// Every write: a contact without an account goes on the expiry list once per activation; the sweep asks it
    /// (<see cref="ExpireIfUnverified"/>), and it decides from its own state.
    /// </summary>
    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        if (state.State.UserId is not null || expiryScheduled) return;
        var now = clock.GetUtcNow();
        var until = SignInRules.KeepUntil(state.State.RecentRequests, state.State.Pending, state.State.Failures, options.Value) ?? now;
        await expiry.ScheduleAsync(this.GetPrimaryKeyString(), until > now + options.Value.UnverifiedContactLifetime ? until : now + options.Value.UnverifiedContactLifetime);
        expiryScheduled = true;
    }

    public async Task<bool> ExpireIfUnverified()
    {
        var key = this.GetPrimaryKeyString();
        if (state.State.UserId is not null)
        {
            await expiry.ForgetAsync(key);
            return false;
        }

        var until = SignInRules.KeepUntil(state.State.RecentRequests, state.State.Pending, state.State.Failures, options.Value);
        if (until is { } keep && keep > clock.GetUtcNow())
        {
            await expiry.ScheduleAsync(key, keep);
            return false;
        }

        // Its row is deleted (the contacts' storage deletes on clear); a later request starts afresh.
        await state.ClearStateAsync();
        await expiry.ForgetAsync(key);
        expiryScheduled = false;
        DeactivateOnIdle();
        return true;
    }

    public async Task<string> EnsureAccount(ContactAddress contact, string displayName)
    {
        await Bind(contact);
        if (state.State.UserId is { } existing) return existing;
        state.State.UserId = await CreateAccount(displayName);
        await SaveAsync();
        return state.State.UserId;
    }

    public async Task<string> Link(ContactAddress contact, string userId)
    {
        await Bind(contact);
        if (state.State.UserId is { } owner) return owner;
        await GrainFactory.GetGrain<IUserDirectory>(userId).AddContact(Address);
        state.State.UserId = userId;
        await SaveAsync();
        return userId;
    }

    private async Task<string> CreateAccount(string displayName)
    {
        var userId = Guid.NewGuid().ToString("N");
        await GrainFactory.GetGrain<IUserDirectory>(userId).Create(displayName, Address);
        return userId;
    }
}
