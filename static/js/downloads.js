// Downloads with a progress line: a large workshop's report takes a moment to prepare and
// to arrive, so the page says what is happening instead of looking stuck. Without script,
// the links download as they are.

import { t } from "./live.js";

export function mountDownloads(root) {
  const status = root.querySelector("#export-progress");
  for (const link of root.querySelectorAll("a.download")) {
    link.addEventListener("click", async (event) => {
      if (!window.ReadableStream) return; // the plain link does it
      event.preventDefault();
      link.setAttribute("aria-busy", "true");
      status.textContent = t("export_preparing");
      try {
        const response = await fetch(link.href, { credentials: "same-origin" });
        if (!response.ok) throw new Error(`${response.status}`);
        const total = Number(response.headers.get("Content-Length")) || 0;
        const reader = response.body.getReader();
        const parts = [];
        let received = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(value);
          received += value.length;
          status.textContent = total
            ? t("export_progress", { percent: Math.round((received / total) * 100) })
            : t("export_received", { kb: Math.round(received / 1024) });
        }
        const name =
          (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/)?.[1] ||
          link.dataset.kind;
        const url = URL.createObjectURL(
          new Blob(parts, { type: response.headers.get("Content-Type") || "" }),
        );
        const save = document.createElement("a");
        save.href = url;
        save.download = name;
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        status.textContent = t("export_done", { name });
      } catch (error) {
        status.textContent = `${t("error")} ${error.message}`;
      } finally {
        link.removeAttribute("aria-busy");
      }
    });
  }
}
