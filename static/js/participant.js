// A participant's phone: follow the room, keep my details.

import { Live, t } from "./live.js";
import { mountBoard } from "./participant-board.js";
import { mountStage } from "./stage.js";

const root = document.getElementById("app");
const lang = root.dataset.lang;
const memberId = root.dataset.member;
const live = new Live({
  workshop: root.dataset.workshop,
  statusElement: document.getElementById("connection"),
});
mountStage(live, root, lang);
if (memberId) mountBoard(live, root, lang, memberId);

const nameOut = document.getElementById("my-name");
const orgOut = document.getElementById("my-org");

live.store.subscribe(() => {
  const me = memberId && live.store.get("member", memberId);
  if (!me) return;
  nameOut.textContent = me.display_name;
  orgOut.textContent = me.organisation ? `· ${me.organisation}` : "";
});

live.on("fatal", (message) => {
  const notice = document.createElement("p");
  notice.className = "notice error";
  notice.setAttribute("role", "alert");
  notice.textContent = message || t("removed");
  root.prepend(notice);
  for (const form of root.querySelectorAll("form")) form.hidden = true;
});

const form = document.getElementById("me-form");
if (form) {
  const showErrors = (fields) => {
    for (const name of ["display_name", "organisation"]) {
      const input = form.elements[name];
      const out = document.getElementById(`${input.id}-error`);
      const message = (fields[name] || []).join(" ");
      out.textContent = message;
      input.toggleAttribute("aria-invalid", Boolean(message));
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const display_name = form.elements.display_name.value.trim();
    const organisation = form.elements.organisation.value.trim();
    if (!display_name) {
      showErrors({ display_name: [t("name_required")] });
      form.elements.display_name.focus();
      return;
    }
    showErrors({});
    // Setting a value is safe to send again, so it waits in the outbox when offline.
    live.queue("member.update", { member_id: memberId, display_name, organisation: organisation || null });
    nameOut.textContent = display_name;
    orgOut.textContent = organisation ? `· ${organisation}` : "";
    document.getElementById("me-edit").open = false;
  });
  live.on("rejected", (item, error) => {
    if (item.name !== "member.update") return;
    document.getElementById("me-edit").open = true;
    showErrors(error.fields);
  });
}
