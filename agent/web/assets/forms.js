// One configuration area as a form, with the guide's two buttons:
// validate ✓ (take this area's edits into the staged configuration) and
// cancel ✗ (drop the edits; a second ✗ also drops the area's validated but
// not yet applied changes). Nothing reaches the appliance until Apply.

import { el, clear, clone, getPath, setPath } from "./util.js";
import { t } from "./i18n.js";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ROUTE_PARTS = [["network", "form.route-network"], ["netmask", "form.route-netmask"], ["router", "form.route-router"]];

// A field's label in the page's language (areas.js holds i18n keys).
const labelOf = (field) => t(field.label, field.labelArgs);

let nextId = 0;

export class AreaForm {
  // ctx: { staged(): config, running(): config, stage(area, config), unstage(area), readOnly() }
  constructor(area, ctx) {
    this.area = area;
    this.ctx = ctx;
    this.inputs = new Map();   // path -> input/select element
    this.numeric = new Set();  // paths of number and port fields
    this.rows = [];            // {field, row}
    this.snapshot = "";
    this.node = this.render();
  }

  render() {
    const area = t(this.area.title);
    this.validateButton = el("button", { class: "icon validate", type: "button", title: t("form.validate-title"),
      "aria-label": t("form.validate-label", { area }), onclick: () => this.validate() }, "✓");
    this.cancelButton = el("button", { class: "icon cancel", type: "button", title: t("form.cancel-title"),
      "aria-label": t("form.cancel-label", { area }), onclick: () => this.cancel() }, "✗");
    this.stateNote = el("span", { class: "area-state" });
    this.problemBox = el("ul", { class: "area-problems", hidden: true });
    const body = el("div", { class: "fields" });
    for (const field of this.area.fields) body.appendChild(this.renderField(field));
    const section = el("section", { class: "area", id: `area-${this.area.id}`, dataset: { area: this.area.id } },
      el("header", {},
        el("h2", {}, area),
        el("span", { class: "guide-ref", title: t("form.guide-chapter") }, this.area.guide),
        this.stateNote,
        el("div", { class: "area-actions" }, this.cancelButton, this.validateButton)),
      this.problemBox,
      body);
    section.addEventListener("input", () => this.refresh());
    section.addEventListener("change", () => this.refresh());
    section.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.tagName === "INPUT") { event.preventDefault(); this.validate(); }
    });
    return section;
  }

  renderField(field) {
    if (field.group) {
      const heading = el("h3", { class: "group" }, t(field.group));
      this.rows.push({ field, row: heading });
      return heading;
    }
    if (field.type === "route") return this.renderRoute(field);
    const id = `f${nextId++}`;
    const control = this.renderControl(field, id);
    this.inputs.set(field.path, control);
    if (field.type === "port" || field.type === "number") this.numeric.add(field.path);
    const parts = [control];
    if (field.pairedName) {
      const name = el("input", { type: "text", class: "server-name", "aria-label": t("form.name-label", { label: labelOf(field) }),
        placeholder: t("form.name-placeholder"), spellcheck: "false", autocomplete: "off", dataset: { path: field.pairedName } });
      this.inputs.set(field.pairedName, name);
      parts.push(name);
    }
    if (field.unit) parts.push(el("span", { class: "unit" }, t(field.unit)));
    const row = el("div", { class: "field", dataset: { field: field.path } },
      el("label", { for: id }, labelOf(field)),
      el("div", { class: "control" },
        el("div", { class: "inputs" }, parts),
        field.hint ? el("div", { class: "hint" }, t(field.hint)) : null,
        el("ul", { class: "problems" })));
    this.rows.push({ field, row });
    return row;
  }

  renderControl(field, id) {
    if (field.type === "certificate") {
      // Filled from the certificate store by setCertificateChoices().
      return el("select", { id, class: "certificate", dataset: { path: field.path } });
    }
    if (field.type === "select") {
      const select = el("select", { id, dataset: { path: field.path } },
        field.options.map(([value, label]) => el("option", { value }, t(label))));
      return select;
    }
    const narrow = field.type === "port" || field.type === "number";
    return el("input", {
      id, type: "text", class: `${narrow ? "narrow" : field.type === "ipv4" ? "medium" : "wide"}${field.mono ? " mono" : ""}`,
      inputmode: narrow ? "numeric" : undefined, spellcheck: "false", autocomplete: "off",
      placeholder: field.placeholder, dataset: { path: field.path },
    });
  }

  renderRoute(field) {
    const cells = ROUTE_PARTS.map(([key, label]) => {
      const input = el("input", { type: "text", class: "medium", spellcheck: "false", autocomplete: "off",
        "aria-label": `${t(field.row, field.rowArgs)} ${t(label)}`, dataset: { path: `${field.path}.${key}` } });
      this.inputs.set(`${field.path}.${key}`, input);
      return input;
    });
    const first = field.path.endsWith("[0]");
    const row = el("div", { class: "field route", dataset: { field: field.path } },
      el("label", {}, t(field.row, field.rowArgs)),
      el("div", { class: "control" },
        first ? el("div", { class: "route-head" }, ROUTE_PARTS.map(([, label]) => el("span", {}, t(label)))) : null,
        el("div", { class: "inputs" }, cells),
        el("ul", { class: "problems" })));
    this.rows.push({ field, row });
    return row;
  }

  // Shows `config`'s values (the staged configuration) and forgets edits.
  load(config) {
    for (const [path, input] of this.inputs) {
      const value = getPath(config, path);
      if (input.tagName === "SELECT") {
        const wanted = value === undefined || value === null ? "" : String(value);
        if (![...input.options].some((o) => o.value === wanted)) {
          input.appendChild(el("option", { value: wanted, class: "unset" }, wanted ? wanted : t("form.not-set")));
        }
        input.value = wanted;
      } else if (value === undefined || value === null) {
        // protobuf's JSON leaves out zero values: a missing number is 0.
        input.value = this.numeric.has(path) ? "0" : "";
      } else {
        input.value = String(value);
      }
    }
    this.snapshot = this.inputValues();
    this.refresh();
  }

  // The certificate selects offer the store's identifiers (plus the value
  // the configuration holds, even when the store lacks it: the agent's
  // validation names that). Edits in progress are kept.
  setCertificateChoices(ids) {
    for (const field of this.area.fields) {
      if (field.type !== "certificate") continue;
      const select = this.inputs.get(field.path);
      const current = select.value;
      clear(select);
      const wanted = new Set(ids);
      const configured = getPath(this.ctx.staged(), field.path) || "";
      for (const value of [configured, current]) if (value) wanted.add(value);
      for (const value of [...wanted].sort()) {
        select.appendChild(el("option", { value, class: ids.includes(value) ? null : "unset" },
          ids.includes(value) ? value : t("form.not-in-store", { value })));
      }
      if (!configured) select.appendChild(el("option", { value: "", class: "unset" }, t("form.not-set")));
      select.value = current || configured;
    }
    this.refresh();
  }

  // What the inputs hold, to carry edits in progress over a redraw (the
  // page's language changed) with restoreEdits().
  edits() {
    return new Map([...this.inputs].map(([path, input]) => [path, input.value]));
  }

  restoreEdits(values) {
    for (const [path, value] of values) {
      const input = this.inputs.get(path);
      if (input) input.value = value;
    }
    this.refresh();
  }

  inputValues() {
    return JSON.stringify([...this.inputs.values()].map((input) => input.value));
  }

  get dirty() { return this.inputValues() !== this.snapshot; }

  // The staged configuration with this area's inputs written into it.
  read() {
    const config = clone(this.ctx.staged());
    for (const field of this.area.fields) {
      if (!field.path || field.type === "route" || field.pairedName) continue;
      setPath(config, field.path, this.valueOf(field));
    }
    if (this.area.list) this.readList(config);
    return config;
  }

  valueOf(field) {
    const raw = this.inputs.get(field.path).value;
    if (field.type === "port" || field.type === "number") {
      const text = raw.trim();
      return /^\d+$/.test(text) ? Number(text) : text;   // kept as text: check() names it
    }
    if (field.type === "select") return raw;
    return raw.trim();
  }

  // Lists (CAS/HUB servers, static routes) drop their empty rows, so "CAS2
  // only" becomes the first server; other fields of an entry (its admin
  // state) are kept.
  readList(config) {
    const base = getPath(this.ctx.staged(), this.area.list) || [];
    const list = [];
    const rowFields = this.area.fields.filter((f) => f.type === "route" || f.pairedName);
    rowFields.forEach((field, index) => {
      if (field.type === "route") {
        const route = {};
        for (const [key] of ROUTE_PARTS) route[key] = this.inputs.get(`${field.path}.${key}`).value.trim();
        if (route.network || route.netmask || route.router) list.push({ ...(base[index] || {}), ...route });
      } else {
        const address = this.inputs.get(field.path).value.trim();
        const name = this.inputs.get(field.pairedName).value.trim();
        if (address || name) list.push({ ...(base[index] || {}), address, name, _row: index, _prefix: field.namePrefix });
      }
    });
    const used = new Set(list.map((s) => s.name).filter(Boolean));
    for (const entry of list) {
      if ("_row" in entry && !entry.name) {
        let n = entry._row + 1;
        while (used.has(`${entry._prefix}${n}`)) n++;
        entry.name = `${entry._prefix}${n}`;
        used.add(entry.name);
      }
      if ("_row" in entry && !entry.admin_state) entry.admin_state = "SERVER_ADMIN_STATE_READY";
      delete entry._row;
      delete entry._prefix;
    }
    setPath(config, this.area.list, list);
  }

  // What the page can tell before asking the appliance: the shape of each
  // visible value. The appliance's validation (on Apply) is the authority.
  check(config) {
    const problems = [];
    for (const field of this.area.fields) {
      if (!field.path || (field.showIf && !field.showIf(config))) continue;
      if (field.type === "route") {
        for (const [key, label] of ROUTE_PARTS) {
          const value = this.inputs.get(`${field.path}.${key}`).value.trim();
          const anyFilled = ROUTE_PARTS.some(([k]) => this.inputs.get(`${field.path}.${k}`).value.trim());
          if (anyFilled && !IPV4.test(value)) {
            problems.push({ path: `${field.path}.${key}`, description: t("form.problem.route-ipv4", { label: t(label) }) });
          }
        }
        continue;
      }
      const value = this.valueOf(field);
      const label = labelOf(field);
      if (field.type === "ipv4") {
        if (value === "" && !field.optional) problems.push({ path: field.path, description: t("form.problem.required", { label }) });
        else if (value !== "" && !IPV4.test(value)) {
          problems.push({ path: field.path, description: t("form.problem.ipv4", { value }) });
        }
        if (field.pairedName) {
          const name = this.inputs.get(field.pairedName).value.trim();
          if (name && !/^[A-Za-z0-9._-]{1,32}$/.test(name)) {
            problems.push({ path: field.pairedName, description: t("form.problem.name") });
          } else if (name && value === "") {
            problems.push({ path: field.path, description: t("form.problem.name-without-address", { label }) });
          }
        }
      } else if (field.type === "port" || field.type === "number") {
        const min = field.type === "port" ? 1 : (field.min ?? 0);
        const max = field.type === "port" ? 65535 : (field.max ?? 4294967295);
        if (typeof value !== "number") {
          problems.push({ path: field.path, description: t("form.problem.whole-number", { label }) });
        } else if (value < min || value > max) {
          problems.push({ path: field.path, description: t("form.problem.range", { label, min, max }) });
        }
      } else if (field.type === "text" && value === "" && !field.optional) {
        problems.push({ path: field.path, description: t("form.problem.required", { label }) });
      }
    }
    return problems;
  }

  validate() {
    if (this.ctx.readOnly()) return;
    const config = this.read();
    const problems = this.check(config);
    this.showProblems(problems);
    if (problems.length) return;
    this.ctx.stage(this.area, config);
  }

  cancel() {
    if (this.dirty) {
      this.load(this.ctx.staged());
      this.showProblems([]);
    } else {
      this.ctx.unstage(this.area);
    }
  }

  // Shows visible fields only, and the state of the area's buttons.
  refresh() {
    const current = this.read();
    for (const { field, row } of this.rows) row.hidden = Boolean(field.showIf && !field.showIf(current));
    const dirty = this.dirty;
    const staged = this.ctx.isStaged(this.area);
    const readOnly = this.ctx.readOnly();
    this.validateButton.disabled = readOnly || !dirty;
    this.cancelButton.disabled = readOnly || !(dirty || staged);
    for (const input of this.inputs.values()) input.disabled = readOnly;
    this.node.classList.toggle("dirty", dirty);
    this.node.classList.toggle("staged", staged && !dirty);
    this.stateNote.textContent = dirty ? t("form.edited") : staged ? t("form.staged") : "";
    if (this.ctx.problemsChanged) this.ctx.problemsChanged();
  }

  // problems: [{path, description, severity}] with paths of the validation.
  // Each goes next to its field; the rest (a path naming a whole list or
  // area) above the fields.
  showProblems(problems) {
    for (const list of this.node.querySelectorAll("ul.problems")) clear(list);
    for (const input of this.inputs.values()) input.classList.remove("invalid", "warned");
    clear(this.problemBox);
    for (const problem of problems) {
      const warning = /WARN/i.test(String(problem.severity || ""));
      const item = el("li", { class: warning ? "warning" : "error" }, problem.description || problem.message || "");
      const input = this.inputFor(problem.path || "");
      if (input) {
        input.classList.add(warning ? "warned" : "invalid");
        input.closest(".control").querySelector("ul.problems").appendChild(item);
      } else {
        this.problemBox.appendChild(item);
      }
    }
    this.problemBox.hidden = !this.problemBox.firstChild;
    this.node.classList.toggle("has-errors", problems.some((p) => !/WARN/i.test(String(p.severity || ""))));
    if (this.ctx.problemsChanged) this.ctx.problemsChanged();
  }

  // The input for a path, or for its closest parent that has one
  // ("cas_servers[1].address.octet" -> "cas_servers[1].address";
  // "cas_servers[1]" -> that row's address).
  inputFor(path) {
    if (this.inputs.has(path)) return this.inputs.get(path);
    for (const [p, input] of this.inputs) if (path.startsWith(`${p}.`) || path.startsWith(`${p}[`)) return input;
    for (const [p, input] of this.inputs) if (path && p.startsWith(`${path}.`)) return input;
    return null;
  }
}
