import { useState } from "preact/hooks";
import { auth, setSession } from "../api";
import { Page, RefusalBox, useAction } from "../ui";

// ORG-1, REG-3: a one-time code to a phone or e-mail; a pupil signs in through a parent's e-mail with their own name.
export function SignIn() {
  const [contact, setContact] = useState("");
  const [childName, setChildName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [pupil, setPupil] = useState(false);
  const [code, setCode] = useState("");
  const [codeLength, setCodeLength] = useState(0);
  const [error, busy, run] = useAction();

  const requestCode = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await auth.requestCode({ contact, childName: pupil ? childName : "" });
      setCodeLength(r.codeLength);
    });
  };
  const signIn = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await auth.signIn({ contact, code, childName: pupil ? childName : "", displayName, deviceLabel: "Браузер" });
      setSession(r.tokens ?? null);
    });
  };

  return (
    <Page title="Вход в Сферум">
      {codeLength === 0 ? (
        <form onSubmit={requestCode} class="card narrow">
          <p>Мы отправим одноразовый код на ваш телефон или электронную почту.</p>
          <label for="contact">Телефон или e-mail</label>
          <input id="contact" name="contact" autoComplete="username" required value={contact} onInput={(e) => setContact(e.currentTarget.value)} />
          <div class="check">
            <input id="pupil" type="checkbox" checked={pupil} onChange={(e) => setPupil(e.currentTarget.checked)} />
            <label for="pupil">Я ученик начальной школы, вход через почту родителя</label>
          </div>
          {pupil && (
            <>
              <label for="child-name">Имя и фамилия ученика</label>
              <input id="child-name" required value={childName} onInput={(e) => setChildName(e.currentTarget.value)} />
            </>
          )}
          <button type="submit" disabled={busy}>Получить код</button>
        </form>
      ) : (
        <form onSubmit={signIn} class="card narrow">
          <p>Код отправлен. Введите его ниже.</p>
          <label for="code">Код из сообщения ({codeLength} цифр)</label>
          <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <label for="display-name">Ваше имя (при первом входе)</label>
          <input id="display-name" autoComplete="name" value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
          <button type="submit" disabled={busy}>Войти</button>
          <button type="button" class="secondary" onClick={() => setCodeLength(0)}>Изменить контакт</button>
        </form>
      )}
      <RefusalBox error={error} />
    </Page>
  );
}
