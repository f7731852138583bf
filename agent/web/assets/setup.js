// The setup tab (guide chapter 7: information, configuration save / factory
// reset, system, admin password) with the saved versions and their
// rollback, and the audit tab.

import { el, clear, num, field, formatTime, formatDuration, say } from "./util.js";
import { licenseBadge } from "./licenses.js";
import { t } from "./i18n.js";

function section(title, guide, ...content) {
  return el("section", { class: "area" },
    el("header", {}, el("h2", {}, title), guide ? el("span", { class: "guide-ref" }, guide) : null),
    ...content);
}

function infoRow(label, value, id) {
  return el("div", { class: "field" }, el("label", {}, label), el("div", { class: "control mono", id }, value));
}

// status: NodeStatus; system: SystemInfo (GET /system, guide 7.1's card:
// what the vendor needs for a license, UUID and ETHID, is here).
// The appliance's clock in its own timezone (guide 7.4), not the browser's.
function applianceTime(unixMs, timezone) {
  if (!num(unixMs)) return "—";
  try {
    // sv-SE writes dates as 2026-11-24 10:54:10.
    return `${new Date(num(unixMs)).toLocaleString("sv-SE", { timeZone: timezone || "UTC" })} ${timezone || "UTC"}`;
  } catch (e) {
    return formatTime(unixMs);   // a zone this browser does not know
  }
}

export function renderInformation(root, status, system, timezone) {
  clear(root);
  const s = status || {};
  const y = system || {};
  // Revision 0: the image the appliance was installed with (no bundle yet).
  const revision = system ? `${num(y.firmware_revision) || t("info.factory")}${y.firmware_version ? ` (${y.firmware_version})` : ""}` : "—";
  root.appendChild(section(t("info.title"), "7.1",
    el("div", { class: "info-grid" },
      el("div", { class: "fields" }, el("h3", { class: "group" }, t("info.system")),
        infoRow(t("info.hostname"), y.hostname || s.hostname || "—", "info-hostname"),
        infoRow(t("info.version"), y.version || s.agent_version || "—", "info-version"),
        infoRow(t("info.firmware"), revision, "info-firmware"),
        infoRow(t("info.model"), y.model || "—", "info-model"),
        infoRow("UUID", y.uuid || "—", "info-uuid"),
        infoRow("ETHID", y.ethid || "—", "info-ethid"),
        infoRow(t("info.time"), applianceTime(y.system_time_unix ? num(y.system_time_unix) * 1000 : s.time_unix_ms,
          timezone), "info-time"),
        infoRow(t("info.uptime"), formatDuration(y.uptime_seconds ?? s.uptime_seconds))),
      el("div", { class: "fields" }, el("h3", { class: "group" }, t("info.license")),
        el("div", { class: "field" }, el("label", {}, t("info.status")),
          el("div", { class: "control info-value" }, licenseBadge(y.license_status, "info-license-status"))),
        y.development_keys_trusted ? el("p", { class: "hint" }, t("info.dev-key")) : null,
        el("h3", { class: "group" }, t("info.configuration")),
        infoRow(t("info.running"), s.running_etag || "—", "info-running-etag"),
        infoRow(t("info.saved"), s.saved_etag || "—", "info-saved-etag"),
        infoRow(t("info.pair-fingerprint"), s.config_fingerprint ? `${s.config_fingerprint.slice(0, 16)}…` : "—")))));
}

// versions: [{id, etag, saved_unix_ms, saved_by}] newest first or last (sorted here).
// actions: {save, rollback(id), factoryReset, readOnly}
export function renderConfiguration(root, versions, status, actions) {
  clear(root);
  const readOnly = actions.readOnly();
  const sorted = [...(versions || [])].sort((a, b) => num(b.saved_unix_ms) - num(a.saved_unix_ms));
  const runningEtag = status && status.running_etag;
  const rows = sorted.map((v) => el("tr", { dataset: { version: v.id } },
    el("td", { class: "mono" }, v.id),
    el("td", {}, formatTime(v.saved_unix_ms)),
    el("td", {}, v.saved_by || "—"),
    el("td", { class: "mono" }, v.etag || ""),
    el("td", {}, v.etag && v.etag === runningEtag ? el("span", { class: "badge ok" }, t("config.running")) : ""),
    el("td", { class: "actions" }, el("button", {
      type: "button", class: "small", disabled: readOnly || (v.etag && v.etag === runningEtag),
      onclick: () => actions.rollback(v),
    }, t("config.roll-back")))));
  root.appendChild(section(t("config.title"), "7.2",
    el("p", { class: "sub" }, t("config.intro")),
    el("div", { class: "button-row" },
      el("button", { type: "button", class: "primary", id: "setup-save", disabled: readOnly, onclick: actions.save },
        t("config.save")),
      el("button", { type: "button", class: "danger", id: "setup-factory-reset", disabled: readOnly,
        onclick: actions.factoryReset }, t("config.factory"))),
    el("h3", { class: "group" }, t("config.versions")),
    rows.length ? el("table", { class: "grid", id: "versions-table" },
      el("thead", {}, el("tr", {}, [t("config.col.version"), t("config.col.saved"), t("config.col.by"), "ETag", "", ""]
        .map((h) => el("th", {}, h)))),
      el("tbody", {}, rows))
      : el("p", { class: "empty" }, t("config.no-version"))));
}

// actions.changePassword(old, new) -> Promise
export function renderPassword(root, actions) {
  clear(root);
  const oldInput = el("input", { type: "password", id: "setup-old-password", autocomplete: "current-password", class: "medium" });
  const newInput = el("input", { type: "password", id: "setup-new-password", autocomplete: "new-password", class: "medium" });
  const confirmInput = el("input", { type: "password", id: "setup-confirm-password", autocomplete: "new-password", class: "medium" });
  const message = el("p", { class: "form-message", role: "status" });
  const form = el("form", { class: "fields", autocomplete: "off" },
    el("div", { class: "field" }, el("label", { for: "setup-old-password" }, t("setpw.old")), el("div", { class: "control" }, oldInput)),
    el("div", { class: "field" }, el("label", { for: "setup-new-password" }, t("password.new")), el("div", { class: "control" }, newInput)),
    el("div", { class: "field" }, el("label", { for: "setup-confirm-password" }, t("password.confirmation")), el("div", { class: "control" }, confirmInput)),
    el("div", { class: "field" }, el("span"), el("div", { class: "control" },
      el("button", { type: "submit", class: "primary" }, t("setpw.update")), message)));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.className = "form-message";
    if (newInput.value !== confirmInput.value) {
      message.classList.add("error");
      message.textContent = t("password.mismatch");
      return;
    }
    try {
      await actions.changePassword(oldInput.value, newInput.value);
      message.classList.add("ok");
      message.textContent = t("setpw.changed");
      form.reset();
    } catch (e) {
      message.classList.add("error");
      message.textContent = e.message;
    }
  });
  root.appendChild(section(t("setpw.title"), "7.4", form));
}

// entries: AuditEntry[] {time, user, address, action, detail, line}, newest
// last as the agent returns them; shown newest first.
export function renderAudit(root, entries, truncated, onRefresh) {
  clear(root);
  const rows = [...(entries || [])].reverse().map((entry) => el("tr", {},
    el("td", { class: "nowrap" }, (entry.time || "").replace("T", " ").replace(/\.\d+/, "")),
    el("td", {}, entry.user || ""),
    el("td", { class: "mono" }, entry.address || ""),
    el("td", {}, entry.action || ""),
    el("td", { class: "detail" }, entry.detail || (entry.action ? "" : entry.line || ""))));
  root.appendChild(section(t("audit.title"), null,
    el("p", { class: "sub" }, t(truncated ? "audit.intro-truncated" : "audit.intro")),
    el("div", { class: "button-row" }, el("button", { type: "button", onclick: onRefresh }, t("audit.refresh"))),
    rows.length ? el("table", { class: "grid", id: "audit-table" },
      el("thead", {}, el("tr", {}, ["audit.col.when", "audit.col.who", "audit.col.from", "audit.col.action", "audit.col.detail"]
        .map((h) => el("th", {}, t(h))))),
      el("tbody", {}, rows))
      : el("p", { class: "empty" }, t("audit.empty"))));
}

// Backups (guide 7.2, beyond it): one file with the saved configuration, the
// certificates (keys encrypted with the passphrase) and the licenses.
// actions: {readOnly(), exportBackup(passphrase) -> Promise, importBackup(file, passphrase) -> Promise}
export function renderBackup(root, actions) {
  clear(root);
  const readOnly = actions.readOnly();
  const exportPass = el("input", { type: "password", id: "backup-export-passphrase", autocomplete: "new-password",
    class: "medium", minlength: 8, disabled: readOnly });
  const exportMessage = el("p", { class: "form-message", role: "status", id: "backup-export-message" });
  const importFile = el("input", { type: "file", id: "backup-import-file", accept: ".exlbbak", disabled: readOnly });
  const importPass = el("input", { type: "password", id: "backup-import-passphrase", autocomplete: "off",
    class: "medium", disabled: readOnly });
  const importMessage = el("p", { class: "form-message", role: "status", id: "backup-import-message" });
  const exportButton = el("button", { type: "button", class: "primary", id: "backup-export", disabled: readOnly,
    onclick: async () => {
      if (exportPass.value.length < 8) return say(exportMessage, "error", t("backup.passphrase-short"));
      try {
        say(exportMessage, "", t("backup.preparing"));
        say(exportMessage, "ok", await actions.exportBackup(exportPass.value));
        exportPass.value = "";
      } catch (e) { say(exportMessage, "error", e.message); }
    } }, t("backup.export-button"));
  const importButton = el("button", { type: "button", class: "danger", id: "backup-import", disabled: readOnly,
    onclick: async () => {
      if (!importFile.files.length) return say(importMessage, "error", t("backup.choose-file"));
      try {
        const text = await actions.importBackup(importFile.files[0], importPass.value);
        if (text) say(importMessage, "ok", text);
      } catch (e) { say(importMessage, "error", e.message); }
    } }, t("backup.restore-button"));
  root.appendChild(section(t("backup.title"), "7.2",
    el("p", { class: "sub" }, t("backup.intro")),
    el("div", { class: "backup-grid" },
      el("div", { class: "fields" }, el("h3", { class: "group" }, t("backup.export")),
        field(t("backup.passphrase"), "backup-export-passphrase", exportPass),
        el("div", { class: "field" }, el("span"), el("div", { class: "control" }, exportButton, exportMessage))),
      el("div", { class: "fields" }, el("h3", { class: "group" }, t("backup.restore")),
        field(t("backup.file"), "backup-import-file", importFile),
        field(t("backup.passphrase"), "backup-import-passphrase", importPass),
        el("div", { class: "field" }, el("span"), el("div", { class: "control" }, importButton, importMessage))))));
}
