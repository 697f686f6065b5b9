// Text that looks like someone's personal data: a Finnish personal identity code
// (henkilötunnus), a phone number, an e-mail address or a street address. The phone warns
// before such a text goes to others; the server (server/personal_data.py) holds the same
// rules and marks what was sent anyway for the facilitators. tests/personal_data_examples.json
// holds both to the same examples.
//
// No look-behind in these patterns: old phones' JavaScript has none, and a pattern it cannot
// parse would stop the whole page.

// The order the kinds are listed in, wherever several are found.
export const KINDS = ["personal_id", "phone", "email", "address"];

const LETTER = "A-Za-zÅÄÖåäöÉéÜü";
const EDGE = `(?:^|[^0-9${LETTER}])`;

const PERSONAL_ID = new RegExp(
  `${EDGE}(\\d{2})(\\d{2})(\\d{2})([-+ABCDEFYXWVU])(\\d{3})([0-9A-Z])(?![0-9${LETTER}])`,
  "gi",
);
const CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY";
const CENTURY = { "+": 1800, "-": 1900, A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000 };
for (const sign of "YXWVU") CENTURY[sign] = 1900;

// +358 / 00358 without the leading 0 (or with it as "(0)"), or 0 and the area or operator
// code. Groups are split by single spaces or dashes: a dot or a comma means a date, a sum or
// a decimal, never a phone number.
const GROUPS = "(?:[ -]?\\d{2,8}){1,3}";
const PHONE = new RegExp(
  `${EDGE}((?:\\+|00)358[ -]?(?:\\(0\\)[ -]?)?[1-9]\\d{0,3}${GROUPS}|0[1-9]\\d{0,3}${GROUPS})` +
    `(?![0-9${LETTER}])(?![-.,/][0-9])`,
  "g",
);

const EMAIL =
  /(?:^|[^0-9A-Za-z._%+-])([0-9A-Za-z._%+-]+@[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*\.[A-Za-z]{2,})(?![0-9A-Za-z-])/;

// A street name (at least two letters before one of these endings) and a house number,
// perhaps with a staircase and a flat: "Mannerheimintie 12 A 3", "Kotikatu 5b".
const STREET_ENDINGS = [
  "katu",
  "tie",
  "polku",
  "kuja",
  "kujanen",
  "väylä",
  "raitti",
  "kaari",
  "kaarre",
  "rinne",
  "ranta",
  "aukio",
  "tori",
  "puisto",
  "puistikko",
  "piha",
  "mäki",
  "penger",
  "portti",
  "kenttä",
  "tanhua",
  "bulevardi",
  "esplanadi",
  "gatan",
  "vägen",
  "gränd",
  "stigen",
  "torget",
  "kajen",
  "backen",
  "allén",
];
const ADDRESS = new RegExp(
  `(?:^|[^${LETTER}])([${LETTER}]{2,}(?:${STREET_ENDINGS.join("|")}) \\d{1,3}` +
    `(?:[ ]?[A-Za-z](?![${LETTER}]))?(?:[ ]\\d{1,3})?)` +
    // A number of kilometres, minutes, euros or times is not a house number.
    `(?![0-9${LETTER}%€])(?![.,][0-9])(?! ?(?:km|m|min|h|e|€|%|euroa?|kertaa|kpl|` +
    `vuotta|tuntia|minuuttia|astetta)(?![${LETTER}]))`,
  "i",
);

function realPersonalId([, day, month, year, sign, number, check]) {
  if (CHECK[Number(day + month + year + number) % 31] !== check.toUpperCase()) return false;
  const full = CENTURY[sign.toUpperCase()] + Number(year);
  const when = new Date(Date.UTC(full, Number(month) - 1, Number(day)));
  const real =
    when.getUTCFullYear() === full &&
    when.getUTCMonth() === Number(month) - 1 &&
    when.getUTCDate() === Number(day);
  return real && number !== "000" && number !== "001";
}

function phoneDigits(written) {
  let digits = written.replace(/\D/g, "");
  if (written.startsWith("+") || written.startsWith("00")) {
    digits = digits.slice(digits.startsWith("00") ? 5 : 3);
    return digits.length >= 5 && digits.length <= 10;
  }
  return digits.length >= 7 && digits.length <= 11;
}

// The kinds of personal data `text` seems to hold, in KINDS order.
export function findPersonalData(text) {
  if (!text) return [];
  const found = new Set();
  if ([...text.matchAll(PERSONAL_ID)].some(realPersonalId)) found.add("personal_id");
  if ([...text.matchAll(PHONE)].some((m) => phoneDigits(m[1]))) found.add("phone");
  if (EMAIL.test(text)) found.add("email");
  if (ADDRESS.test(text)) found.add("address");
  return KINDS.filter((kind) => found.has(kind));
}
