import { useEffect, useState } from "preact/hooks";
import { allPages, district, newKey } from "../api";
import type { SchoolSummary } from "../gen/districtsferum/v1/schools_pb";
import { Page, RefusalBox, useAction, when } from "../ui";

// The district operator's page: register a school from its application (ORG-1) and list the schools.
export function District() {
  const [list, setList] = useState<SchoolSummary[]>([]);
  const [f, setF] = useState({ name: "", shortName: "", address: "", adminName: "", adminEmail: "", adminPhone: "", orderNumber: "", orderDate: "" });
  const [done, setDone] = useState("");
  const [error, busy, run] = useAction();
  const load = () => run(async () => setList(await allPages((pageToken) => district.listSchools({ pageSize: 500, pageToken }), (r) => r.schools)));
  useEffect(() => void load(), []);
  const field = (key: keyof typeof f, label: string, type: "text" | "email" | "tel" | "date" = "text") => (
    <>
      <label for={`reg-${key}`}>{label}</label>
      <input id={`reg-${key}`} type={type as "text"} required value={f[key]} onInput={(e) => setF({ ...f, [key]: e.currentTarget.value })} />
    </>
  );
  const register = (e: Event) => {
    e.preventDefault();
    setDone("");
    void run(async () => {
      const r = await district.registerSchool({
        info: { name: f.name, shortName: f.shortName, address: f.address, timeZone: "Europe/Moscow" },
        adminFullName: f.adminName, adminEmail: f.adminEmail, adminPhone: f.adminPhone,
        orderNumber: f.orderNumber, orderDate: f.orderDate, clientRequestId: newKey(),
      });
      setDone(`Школа зарегистрирована: ${r.school?.info?.name}.`);
      await load();
    });
  };
  return (
    <Page title="Школы района">
      <ul class="plain">{list.map((s) => <li key={s.schoolId}>{s.name} <span class="sub">({when(s.registeredAt)})</span></li>)}</ul>
      <form class="card" onSubmit={register}>
        <h2>Зарегистрировать школу по заявке</h2>
        {field("name", "Полное название")}
        {field("shortName", "Краткое название")}
        {field("address", "Адрес")}
        {field("adminName", "ФИО администратора")}
        {field("adminEmail", "E-mail администратора", "email")}
        {field("adminPhone", "Телефон администратора", "tel")}
        {field("orderNumber", "Номер приказа")}
        {field("orderDate", "Дата приказа", "date")}
        <button type="submit" disabled={busy}>Зарегистрировать</button>
        {done && <p role="status" class="ok">{done}</p>}
        <RefusalBox error={error} />
      </form>
    </Page>
  );
}
