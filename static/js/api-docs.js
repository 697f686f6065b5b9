// The browsable API page: the app's own OpenAPI document drawn as plain HTML - headings,
// lists, tables and <details> - which screen readers, keyboards and 400 % zoom handle
// as they handle any page. Everything is set as text, never as markup.

const root = document.getElementById("api-docs");

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

const refName = (ref) => ref.split("/").pop();
const schemaId = (name) => `schema-${name}`;

function typeOf(schema) {
  if (!schema) return "";
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return el("a", { href: `#${schemaId(name)}` }, name);
  }
  if (schema.type === "array") {
    return el("span", {}, "array of ", typeOf(schema.items));
  }
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type || "any";
  const extra = [];
  if (schema.enum) extra.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if (schema.format) extra.push(schema.format);
  if (schema.maxLength !== undefined) extra.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined) extra.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) extra.push(`≤ ${schema.maximum}`);
  return extra.length ? `${type} (${extra.join("; ")})` : type;
}

function propertiesTable(schema, caption) {
  const properties = Object.entries(schema.properties || {});
  if (!properties.length) return el("p", {}, "Type: ", typeOf(schema));
  const required = new Set(schema.required || []);
  return el(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption },
    el(
      "table",
      { class: "api-table" },
      el("caption", { class: "visually-hidden" }, caption),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ["Field", "Type", "Required", "Description"].map((h) => el("th", { scope: "col" }, h)),
        ),
      ),
      el(
        "tbody",
        {},
        properties.map(([name, property]) =>
          el(
            "tr",
            {},
            el("th", { scope: "row" }, el("code", {}, name)),
            el("td", {}, typeOf(property)),
            el("td", {}, required.has(name) ? "yes" : "no"),
            el("td", {}, property.description || ""),
          ),
        ),
      ),
    ),
  );
}

function bodySchema(content) {
  const json = content?.["application/json"];
  return json ? typeOf(json.schema) : "";
}

function operation(spec, path, method, op, shared) {
  const id = `op-${method}-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  const parameters = [...shared, ...(op.parameters || [])];
  const responses = Object.entries(op.responses || {}).map(([status, response]) => {
    const resolved = response.$ref ? spec.components.responses[refName(response.$ref)] : response;
    const schema = bodySchema(resolved?.content);
    return el(
      "li",
      {},
      el("strong", {}, status),
      ` ${resolved?.description || ""}`,
      schema ? [": ", schema] : [],
    );
  });
  return el(
    "details",
    { class: "api-op", id },
    el(
      "summary",
      {},
      el("span", { class: `api-method api-${method}` }, method.toUpperCase()),
      " ",
      el("code", { class: "api-path" }, path),
      op.summary ? el("span", { class: "api-summary" }, op.summary) : null,
    ),
    op.description ? el("p", {}, op.description) : null,
    parameters.length
      ? [
          el("h4", {}, "Parameters"),
          el(
            "ul",
            {},
            parameters.map((p) =>
              el(
                "li",
                {},
                el("code", {}, p.name),
                ` (${p.in}${p.required ? ", required" : ""}): `,
                typeOf(p.schema),
                p.description ? ` - ${p.description}` : "",
              ),
            ),
          ),
        ]
      : null,
    op.requestBody ? [el("h4", {}, "Request body"), el("p", {}, bodySchema(op.requestBody.content))] : null,
    el("h4", {}, "Responses"),
    el("ul", {}, responses),
  );
}

function draw(spec) {
  const byTag = new Map((spec.tags || []).map((tag) => [tag.name, []]));
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = item.parameters || [];
    for (const [method, op] of Object.entries(item)) {
      if (method === "parameters") continue;
      const tag = op.tags?.[0] || "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operation(spec, path, method, op, shared));
    }
  }
  const tags = new Map((spec.tags || []).map((tag) => [tag.name, tag.description || tag.name]));
  const schemas = Object.entries(spec.components?.schemas || {});
  root.replaceChildren(
    el("h1", {}, spec.info.title, " ", el("span", { class: "muted" }, `version ${spec.info.version}`)),
    el("p", {}, spec.info.description || ""),
    el("p", {}, "The same document as JSON: ", el("a", { href: root.dataset.spec }, root.dataset.spec)),
    el(
      "nav",
      { "aria-label": "Parts of the API" },
      el(
        "ul",
        {},
        [...byTag.keys()].map((tag) => el("li", {}, el("a", { href: `#tag-${tag}` }, tags.get(tag) || tag))),
        el("li", {}, el("a", { href: "#schemas" }, "Schemas")),
      ),
    ),
    ...[...byTag.entries()].map(([tag, ops]) =>
      el(
        "section",
        { "aria-labelledby": `tag-${tag}` },
        el("h2", { id: `tag-${tag}` }, tags.get(tag) || tag),
        ops,
      ),
    ),
    el(
      "section",
      { "aria-labelledby": "schemas" },
      el("h2", { id: "schemas" }, "Schemas"),
      schemas.map(([name, schema]) =>
        el(
          "details",
          { class: "api-schema", id: schemaId(name) },
          el("summary", {}, el("code", {}, name)),
          schema.description ? el("p", {}, schema.description) : null,
          propertiesTable(schema, name),
        ),
      ),
    ),
  );
  // A link to a schema or an operation opens it.
  const open = () => {
    const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target?.tagName === "DETAILS") target.open = true;
    target?.scrollIntoView();
  };
  window.addEventListener("hashchange", open);
  open();
  root.dataset.ready = "";
}

fetch(root.dataset.spec)
  .then((response) => response.json())
  .then(draw)
  .catch(() => {
    root.append(el("p", { class: "notice error", role: "alert" }, "The API document could not be loaded."));
  });
