import { useState } from "preact/hooks";
import { users } from "../api";
import { Page, RefusalBox, SavedNote, useSaveForm } from "../ui";
import { useApp } from "../main";

// The person's own profile: the name others see (never the phone or e-mail, CHAT-5).
export function Profile() {
  const { me, reload } = useApp();
  const [name, setName] = useState(me.displayName);
  const { error, busy, saved, onSubmit } = useSaveForm(async () => {
    await users.setDisplayName({ displayName: name });
    await reload();
  });
  return (
    <Page title="Профиль">
      <form class="card narrow" onSubmit={onSubmit}>
        <p>Телефон: {me.phone || "—"}<br />E-mail: {me.email || "—"}</p>
        <p class="sub">Телефон и почту видят только вы и администраторы вашей школы.</p>
        <label for="profile-name">Имя, которое видят другие</label>
        <input id="profile-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>Сохранить</button>
        <SavedNote saved={saved} />
        <RefusalBox error={error} />
      </form>
    </Page>
  );
}
