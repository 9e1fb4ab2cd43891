import { useState } from "preact/hooks";
import { invites } from "../api";
import { JoinRequestStatus } from "../gen/districtsferum/v1/invites_pb";
import { Page, RefusalBox, useAction } from "../ui";
import { useApp } from "../main";

// CHAT-3, ORG-8: following a school's invite link is a join request that an administrator accepts (or the link
// accepts by itself).
export function FollowInvite({ token }: { token: string }) {
  const { reload } = useApp();
  const [status, setStatus] = useState<JoinRequestStatus | null>(null);
  const [error, busy, run] = useAction();
  const follow = () =>
    void run(async () => {
      const r = await invites.followInvite({ token });
      setStatus(r.request?.status ?? JoinRequestStatus.PENDING);
      if (r.request?.status === JoinRequestStatus.ACCEPTED) await reload();
    });
  return (
    <Page title="Приглашение в школу">
      {status === null ? (
        <div class="card">
          <p>Вас пригласили в класс школы. Администратор школы рассмотрит заявку.</p>
          <button type="button" onClick={follow} disabled={busy}>Подать заявку</button>
        </div>
      ) : (
        <p role="status" class="ok">
          {status === JoinRequestStatus.ACCEPTED ? "Вы приняты в школу." : "Заявка отправлена, ждите решения администратора."}
        </p>
      )}
      <RefusalBox error={error} />
    </Page>
  );
}
