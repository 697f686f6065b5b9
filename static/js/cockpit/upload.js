// A file a facilitator uploads from a form (persona cards, pilot updates): sent as the
// browser sends a file field, with the page's CSRF token; the answer as { ok, body }, an
// unreachable server as the error a person can act on.
export async function postFile(url, fields, t) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  try {
    const response = await fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "X-CSRFToken": document.querySelector("meta[name=csrf-token]")?.content || "",
      },
    });
    return { ok: response.ok, body: await response.json().catch(() => null) };
  } catch {
    return { ok: false, body: { error: { message: t("offline") } } };
  }
}

// A file form's press: the chosen file sent to ``url`` with ``fields()`` beside it, one
// send at a time (a press while one is on its way does nothing). The answer, or
// { missing: true } when no file is chosen, or null for a press that did nothing.
export async function sendChosenFile(event, url, fields, t) {
  const control = event.submitter;
  const file = event.currentTarget.elements.file.files[0];
  if (!file) return { missing: true };
  if (control.getAttribute("aria-busy") === "true") return null;
  control.setAttribute("aria-busy", "true");
  try {
    return await postFile(url, { file, ...fields() }, t);
  } finally {
    control.removeAttribute("aria-busy");
  }
}

// What a refused upload says: the message above the file's problems line by line, unless
// the message is the one problem itself.
export function refusal(answer, t) {
  const error = answer.body?.error || {};
  const fields = error.fields?.file || error.fields?.id || [];
  const problems = fields.length ? fields : [error.message || t("error")];
  return { message: problems.includes(error.message) ? "" : error.message, problems };
}
