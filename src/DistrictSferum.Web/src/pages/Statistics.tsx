// ORG-14: the director's and administrators' statistics of their school: a period's totals, a chart of messages by
// day and by role, and the minutes as they close (WatchUsage, live). Each chart is a table (numbers a screen reader
// reads, in keyboard order) with a bar drawn in SVG beside each number; a suppressed cell (fewer than k members
// behind it) says so instead of a number.
import { useEffect, useState } from "preact/hooks";
import { statistics } from "../api";
import { StatisticsPeriod, UsageBucket, type GetSchoolStatisticsResponse, type UsageCell } from "../gen/districtsferum/v1/statistics_pb";
import { Page, RefusalBox, useAction, when } from "../ui";
import { useApp } from "../main";

const metricNames: Record<string, string> = {
  message_sent: "Отправлено сообщений",
  active_members: "Активных участников (в самый активный день)",
  chat_joined: "Вступлений в чаты",
  chat_left: "Выходов из чатов",
  school_joined: "Новых участников школы",
  school_left: "Выбыло из школы",
  student_moved: "Переводов учеников",
  invite_created: "Создано приглашений",
  invite_used: "Использовано приглашений",
  join_requested: "Заявок на вступление",
  join_decided: "Решений по заявкам",
  session: "Сеансов",
  staff_reply: "Ответов сотрудников родителям",
};
const roleNames: Record<string, string> = { teacher: "учителя", staff: "сотрудники", student: "ученики", parent: "родители" };
const periods: [StatisticsPeriod, string][] = [
  [StatisticsPeriod.WEEK, "неделя"],
  [StatisticsPeriod.MONTH, "месяц"],
  [StatisticsPeriod.ACADEMIC_YEAR, "учебный год"],
];
const dayFormat = new Intl.DateTimeFormat("ru-RU", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });

export function Statistics({ schoolId }: { schoolId: string }) {
  const { schools } = useApp();
  const school = schools.find((s) => s.schoolId === schoolId);
  const [period, setPeriod] = useState(StatisticsPeriod.WEEK);
  const [stats, setStats] = useState<GetSchoolStatisticsResponse | null>(null);
  const [error, busy, run] = useAction();
  useEffect(() => void run(async () => setStats(await statistics.getSchoolStatistics({ schoolId, period }))), [schoolId, period]);

  const sent = (cells: UsageCell[]) => cells.filter((c) => c.metric === "message_sent");
  return (
    <Page title={`Статистика: ${school?.name ?? "школа"}`}>
      <label for="stats-period">Период</label>
      <select id="stats-period" value={period} onChange={(e) => setPeriod(Number(e.currentTarget.value) as StatisticsPeriod)}>
        {periods.map(([p, name]) => <option key={p} value={p}>{name}</option>)}
      </select>
      <RefusalBox error={error} />
      {busy && <p role="status">Загрузка…</p>}
      {stats && (
        <>
          <p class="sub">
            С {when(stats.from)} по {when(stats.to)}. Числа, за которыми меньше {stats.k} участников, скрыты (ORG-14).
          </p>
          <BarTable caption="Итоги периода" label="Показатель" cells={stats.totals}
            name={(c) => metricNames[c.metric] ?? c.metric} />
          <BarTable caption="Сообщения по дням" label="День" cells={sent(stats.daily)}
            name={(c) => (c.bucketStart ? dayFormat.format(new Date(Number(c.bucketStart.seconds) * 1000)) : "")} />
          <BarTable caption="Сообщения по ролям" label="Роль" cells={sent(stats.byRole)} name={(c) => roleNames[c.role] ?? c.role} />
        </>
      )}
      <LiveMinutes schoolId={schoolId} />
    </Page>
  );
}

/** A chart as a table: one row per cell, its number as text and a bar scaled to the largest shown value. */
function BarTable({ caption, label, cells, name }: { caption: string; label: string; cells: UsageCell[]; name: (c: UsageCell) => string }) {
  const max = Math.max(1, ...cells.filter((c) => !c.suppressed).map((c) => Number(c.value)));
  return (
    <table class="bars">
      <caption>{caption}</caption>
      <thead><tr><th scope="col">{label}</th><th scope="col">Значение</th></tr></thead>
      <tbody>
        {cells.length === 0 && <tr><td colSpan={2}>Нет данных.</td></tr>}
        {cells.map((c, i) => (
          <tr key={i} data-metric={c.metric}>
            <th scope="row">{name(c)}</th>
            <td class="bar-cell">
              {c.suppressed ? (
                <span class="sub">скрыто</span>
              ) : (
                <>
                  <svg class="bar" width="160" height="12" viewBox="0 0 160 12" aria-hidden="true" focusable="false">
                    <rect width={Math.max(1, Math.round((160 * Number(c.value)) / max))} height="12" rx="2" />
                  </svg>
                  <span class="value">{String(c.value)}</span>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The school's minutes as they close (WatchUsage): messages sent per minute, newest first, the last ten. */
function LiveMinutes({ schoolId }: { schoolId: string }) {
  const [minutes, setMinutes] = useState<{ at: string; cell?: UsageCell }[]>([]);
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      let cursor = "";
      while (!abort.signal.aborted) {
        try {
          for await (const r of statistics.watchUsage({ schoolId, bucket: UsageBucket.MINUTE, cursor }, { signal: abort.signal })) {
            cursor = r.cursor;
            const cell = r.cells.find((c) => c.metric === "message_sent");
            setMinutes((old) => [{ at: when(r.bucketStart), cell }, ...old].slice(0, 10));
          }
        } catch {
          // The stream dropped (or the page closed): resume from the last bucket after a pause.
        }
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    })();
    return () => abort.abort();
  }, [schoolId]);
  return (
    <table class="bars live-minutes" aria-live="polite">
      <caption>Сейчас: сообщений за минуту (обновляется само)</caption>
      <thead><tr><th scope="col">Минута</th><th scope="col">Сообщений</th></tr></thead>
      <tbody>
        {minutes.length === 0 && <tr><td colSpan={2}>Ждём первую закрытую минуту…</td></tr>}
        {minutes.map((m, i) => (
          <tr key={i} class="minute">
            <th scope="row">{m.at}</th>
            <td>{m.cell ? (m.cell.suppressed ? "скрыто" : String(m.cell.value)) : "0"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
