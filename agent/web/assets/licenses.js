// Licenses (guide 7.5): the installed licenses with their status, add one
// (the vendor's .lic file or its pasted text), remove one, and the guide's
// "request for license" (UUID, ETHID... as a file for the vendor). Balancing
// never stops because of a license; the status says what the vendor expects.

import { api } from "./api.js";
import { el, clear, num, enumWord, download, field, formatDay, say } from "./util.js";
import { confirmDialog } from "./notices.js";
import { t, tEnum } from "./i18n.js";

const STATUS_KIND = {
  ACTIVE: "ok", EVALUATION: "info", EXPIRED: "bad", NOT_YET_VALID: "warn", WRONG_APPLIANCE: "bad",
  BAD_SIGNATURE: "bad", EVALUATION_OVER: "bad",
};

function statusWord(status) {
  return tEnum(status, enumWord(status, "LICENSE_STATUS_"));
}

export function licenseBadge(status, id) {
  const key = String(status || "").replace("LICENSE_STATUS_", "");
  return el("span", { class: `badge ${STATUS_KIND[key] || "muted"}`, id }, statusWord(status));
}

// ctx: {readOnly(), changed()} — changed() after a license was added or
// removed (the information card shows the appliance's license status).
export class LicensesView {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.summary = el("div", { class: "license-summary" });
    this.table = el("div", { id: "licenses-list" });
    this.message = el("p", { class: "form-message", role: "status", id: "license-message" });
    const readOnly = ctx.readOnly();
    this.file = el("input", { type: "file", id: "license-file", accept: ".lic,.txt", disabled: readOnly });
    this.text = el("textarea", { id: "license-text", class: "mono license-text", rows: 4, disabled: readOnly,
      placeholder: "-----BEGIN EXLB LICENSE-----", spellcheck: "false", "aria-label": t("lic.text-label") });
    const add = el("button", { type: "button", class: "primary", id: "license-add", disabled: readOnly,
      onclick: () => this.add() }, t("lic.add"));
    const request = el("button", { type: "button", class: "link", id: "license-request",
      onclick: () => this.request() }, t("lic.request"));
    clear(root);
    root.appendChild(el("section", { class: "area", id: "licenses" },
      el("header", {}, el("h2", {}, t("lic.title")), el("span", { class: "guide-ref" }, "7.5"),
        el("span", { class: "spacer" }), request),
      el("p", { class: "sub" }, t("lic.intro")),
      this.summary, this.table,
      el("div", { class: "fields" }, el("h3", { class: "group" }, t("lic.add-title")),
        field(t("lic.file"), "license-file", this.file),
        field(t("lic.or-text"), "license-text", this.text),
        el("div", { class: "field" }, el("span"), el("div", { class: "control" }, add, this.message)))));
  }

  async load() {
    try {
      const { body } = await api.licenses();
      this.render(body);
    } catch (e) {
      say(this.message, "error", t("lic.unreadable", { message: e.message }));
    }
  }

  render(body) {
    const licenses = body.licenses || [];
    const evaluation = num(body.evaluation_ends_unix);
    clear(this.summary).append(t("lic.appliance"), licenseBadge(body.appliance_status, "license-appliance-status"),
      evaluation && String(body.appliance_status || "").includes("EVALUATION")
        ? el("span", { class: "sub" }, t("lic.evaluation-ends", { day: formatDay(evaluation) })) : "");
    const readOnly = this.ctx.readOnly();
    clear(this.table).appendChild(licenses.length
      ? el("table", { class: "grid", id: "licenses-table" },
        el("thead", {}, el("tr", {}, ["lic.col.serial", "lic.col.owner", "lic.col.units", "lic.col.features", "lic.col.from",
          "lic.col.expire", "lic.col.status"].map((h) => el("th", {}, t(h))).concat(el("th")))),
        el("tbody", {}, licenses.map((l) => el("tr", { dataset: { serial: l.serial } },
          el("td", { class: "mono" }, l.serial),
          el("td", {}, l.owner || ""),
          el("td", { class: "num" }, String(num(l.units))),
          el("td", {}, (l.features || []).join(", ")),
          el("td", { class: "nowrap" }, formatDay(l.not_before_unix)),
          el("td", { class: "nowrap" }, formatDay(l.expires_unix)),
          el("td", {}, licenseBadge(l.status)),
          el("td", { class: "actions" }, el("button", { type: "button", class: "small danger", disabled: readOnly,
            dataset: { remove: l.serial }, onclick: () => this.remove(l) }, t("lic.remove")))))))
      : el("p", { class: "empty" }, t("lic.none")));
  }

  async add() {
    let text = this.text.value.trim();
    if (!text && this.file.files.length) text = await this.file.files[0].text();
    if (!text) return say(this.message, "error", t("lic.choose"));
    say(this.message, "", t("lic.checking"));
    try {
      const { body } = await api.addLicense(text);
      const l = body.license || {};
      say(this.message, "ok", t("lic.added", { serial: l.serial, status: statusWord(l.status) }));
      this.text.value = "";
      this.file.value = "";
    } catch (e) {
      say(this.message, "error", e.message);
    }
    await this.load();
    this.ctx.changed();
  }

  async remove(license) {
    const ok = await confirmDialog(t("lic.remove-title", { serial: license.serial }), t("lic.remove-text"),
      t("lic.remove"));
    if (!ok) return;
    say(this.message, "", "");
    try {
      await api.deleteLicense(license.serial);
      say(this.message, "ok", t("lic.removed", { serial: license.serial }));
    } catch (e) {
      say(this.message, "error", e.message);
    }
    await this.load();
    this.ctx.changed();
  }

  // The guide's "request for license": what the vendor needs, as a file.
  async request() {
    say(this.message, "", "");
    try {
      const { body } = await api.licenseRequest();
      const lines = [["UUID", body.uuid], ["ETHID", body.ethid], ["Hostname", body.hostname], ["Model", body.model],
        ["Version", body.version]].map(([k, v]) => `${k}: ${v || ""}`);
      download(`license-request-${body.ethid || "exlb"}.txt`, `${lines.join("\n")}\n`);
      say(this.message, "ok", t("lic.request-saved", { uuid: body.uuid, ethid: body.ethid }));
    } catch (e) {
      say(this.message, "error", e.message);
    }
  }
}
