// How to join, always on the side of the big screen: the QR code, the address and code,
// how many have joined, and the time-up sound's switch.

import { participantCount } from "../parts.js";
import { muted } from "../sound.js";
import { html } from "../view.js";

export function read(store, page) {
  const workshop = store.all("workshop")[0];
  return {
    code: workshop?.join_code || page.joinCode,
    joined: participantCount(store),
    muted: muted(),
    armed: page.soundArmed,
  };
}

export function view(data, page) {
  const { t } = page;
  // A new code means a new QR image.
  const qr = new URL(page.links.qr, location.href);
  qr.searchParams.set("v", data.code);
  // One button in every state, so the click that allows sound lands on what it pressed.
  const state = !data.armed ? "ask" : data.muted ? "off" : "on";
  const label = { ask: t("sound_allow"), off: t("sound_is_off"), on: t("sound_is_on") }[state];
  const sound = html`<button type="button" id="sound-toggle" data-focus="sound" data-state=${state}
    class=${state === "ask" ? "button primary sound-toggle" : "button sound-toggle"}
    aria-pressed=${state === "on" ? "true" : "false"}
    @click=${state === "ask" ? page.soundOn : page.soundToggle}>${label}</button>`;
  return html`<aside class="projector-join" aria-label=${t("how_to_join")}>
    <img class="qr" alt=${t("qr_alt")} width="260" height="260" id="join-qr" src=${qr.toString()}>
    <p>${t("join_at")} <strong>${location.host}</strong></p>
    <p>${t("code")} <strong class="code big-code" id="join-code">${data.code}</strong></p>
    <p class="muted">${t("joined")}: <span id="participant-count">${data.joined}</span></p>
    ${sound}
  </aside>`;
}
