// Dates, times and numbers as the page's language writes them - never the device's: a
// Finnish page on an English phone still says "klo 13.56" and "15.12.2026". Finnish and
// Swedish pages use the 24-hour clock, as their readers do, whatever the device prefers.
// Every view formats through these, so one place decides how Paja writes a time.

const cache = new Map();

// The page's locale, from <html lang>: the language the server rendered the page in.
// Swedish is Finland's Swedish (15.12.2026, not 2026-12-15); plain Finnish writes like Finnish.
export function pageLocale() {
  const lang = document.documentElement.lang || "fi";
  const base = lang.split(/[-_]/)[0];
  if (base === "sv") return "sv-FI";
  if (base === "fi") return "fi";
  try {
    return Intl.getCanonicalLocales(lang)[0];
  } catch {
    return "fi";
  }
}

function hourCycle(locale) {
  return /^(fi|sv)\b/.test(locale) ? { hourCycle: "h23" } : {};
}

function formatter(kind, options) {
  const locale = pageLocale();
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  if (!cache.has(key)) {
    const made =
      kind === "number"
        ? new Intl.NumberFormat(locale, options)
        : new Intl.DateTimeFormat(locale, {
            ...(kind === "time" || options.hour ? hourCycle(locale) : {}),
            ...options,
          });
    cache.set(key, made);
  }
  return cache.get(key);
}

function asDate(value) {
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value < 1e12 ? value * 1000 : value);
  // A bare day (2026-12-15) is that day where the reader is, not midnight in London.
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number);
    return new Date(y, m - 1, d);
  }
  return new Date(value);
}

// A day: "15.12.2026" on a Finnish page, "12/15/2026" on an English one.
export function formatDate(value, options = { day: "numeric", month: "numeric", year: "numeric" }) {
  if (value === null || value === undefined || value === "") return "";
  const date = asDate(value);
  return Number.isNaN(date.getTime()) ? String(value) : formatter("date", options).format(date);
}

// A clock time: "13.56" on a Finnish page, "13:56" on a Swedish one.
export function formatTime(value, options = { hour: "numeric", minute: "2-digit" }) {
  if (value === null || value === undefined || value === "") return "";
  const date = asDate(value);
  return Number.isNaN(date.getTime()) ? String(value) : formatter("time", options).format(date);
}

// A day and a time.
export function formatDateTime(value) {
  return formatDate(value, {
    day: "numeric",
    month: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
}

// A number: "3,5" and "1 200" on a Finnish page.
export function formatNumber(value, options = { maximumFractionDigits: 2 }) {
  if (value === null || value === undefined || value === "") return "";
  const number = Number(value);
  return Number.isFinite(number) ? formatter("number", options).format(number) : String(value);
}
