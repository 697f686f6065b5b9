// The facilitator's pilots card: every pilot's status, team, last update and how old it
// is, blockers and requests for help highlighted, the chain back to the personas; a pilot
// started by hand for a concept; and each pilot's page, as its team sees it.

import { formHelpers, memberKey, memberName, ordered, region } from "./board.js";
import { el, t } from "./live.js";
import { pilotOverview, pilotsView } from "./pilots.js";

export function mountPilots(live, root, lang, { run, showError, button }) {
  const store = live.store;
  const box = root.querySelector("#pilots");
  const overview = el("div");
  const start = el("div");
  const pageBox = el("div", { class: "pilot-page" });
  const invitations = el("div");
  box.append(invitations, start, overview, pageBox);
  const { keepDraft, dropDraft, textForm } = formHelpers(root.dataset.workshop);
  const page = pilotsView(
    {
      live,
      store,
      lang,
      memberId: root.dataset.member,
      textForm,
      keepDraft,
      dropDraft,
      memberName,
      isFacilitator: true,
      showList: false,
      showError: (message) => showError({ message }),
    },
    pageBox,
  );

  // The overview's chain back to the personas names ideas, the question, the challenge
  // with its group and the personas: all of them are in the key.
  const drawOverview = region(
    overview,
    () => [
      ordered(store, "pilot").map((p) => [p.id, p.rev]),
      store.all("pilot_update").map((u) => [u.id, u.rev]),
      store.all("pilot_member").map((m) => m.id),
      store.all("concept").map((c) => [c.id, c.rev]),
      store.all("idea").map((i) => [i.id, i.rev]),
      store.all("hmw").map((q) => [q.id, q.rev]),
      store.all("challenge").map((c) => [c.id, c.rev]),
      store.all("group").map((g) => [g.id, g.rev]),
      store.all("persona").map((p) => [p.id, p.rev]),
      memberKey(store),
    ],
    () => [pilotOverview(store, lang, { open: (id) => page.open(id) })],
  );

  // The menu names the concepts: a renamed one is redrawn.
  const drawStart = region(
    start,
    () => [store.all("concept").map((c) => [c.id, c.rev]), store.all("pilot").map((p) => p.concept_id)],
    () => {
      const taken = new Set(store.all("pilot").map((p) => p.concept_id));
      const free = ordered(store, "concept").filter((c) => !taken.has(c.id) && c.stage !== "dropped");
      if (!free.length) return [];
      const select = el(
        "select",
        { id: "pilot-concept", "aria-label": t("pilot_for_concept") },
        ...free.map((c) => el("option", { value: c.id }, c.name)),
      );
      return [
        el(
          "div",
          { class: "row wrap" },
          select,
          button(t("pilot_start"), (b) => run("pilot.create", { concept_id: select.value }, b), {
            class: "button",
          }),
        ),
      ];
    },
  );

  // Whether pilot teams may make invitation links themselves (a link admits people without
  // the workshop's code, so it is the facilitators' call).
  const drawInvitations = region(
    invitations,
    () => [store.all("workshop")[0]?.teams_may_invite],
    () => {
      const allowed = Boolean(store.all("workshop")[0]?.teams_may_invite);
      return [
        el(
          "p",
          { class: "row wrap" },
          el("span", {}, allowed ? t("teams_invite_on") : t("teams_invite_off")),
          button(
            allowed ? t("teams_invite_disallow") : t("teams_invite_allow"),
            (b) => run("workshop.update", { teams_may_invite: !allowed }, b),
            { class: "button", "aria-pressed": String(allowed) },
          ),
        ),
      ];
    },
  );

  store.subscribe(() => {
    drawInvitations();
    drawOverview();
    drawStart();
    page();
  });
}
