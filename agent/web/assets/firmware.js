// Firmware (guide 7.3): the two slots (A/B) with what each holds, the
// upload of a signed bundle with its progress (the appliance verifies it
// whole before it writes anything, then stages it in the inactive slot), the
// pending-reboot state and the Reboot that boots it. A new slot that does
// not confirm itself healthy after booting is rolled back by the appliance.

import { api, uploadBytes } from "./api.js";
import { el, clear, num, field, formatDay, say } from "./util.js";
import { confirmDialog } from "./notices.js";
import { t } from "./i18n.js";

function slotState(status, slot) {
  const states = [];
  if (slot.slot === status.active_slot) states.push(el("span", { class: "badge ok" }, t("fw.active")));
  if (slot.slot === status.booted_slot) states.push(el("span", { class: "badge info" }, t("fw.running")));
  if (slot.slot === status.pending_slot) states.push(el("span", { class: "badge warn" }, t("fw.boots-next")));
  // The slot the appliance was installed into holds no bundle's manifest.
  if (!slot.complete) states.push(el("span", { class: "badge muted" }, t(states.length ? "fw.factory-image" : "fw.empty")));
  return states;
}

// ctx: {readOnly(), changed()}
export class FirmwareView {
  constructor(root, ctx) {
    this.ctx = ctx;
    const readOnly = ctx.readOnly();
    this.slots = el("div", { id: "firmware-slots" });
    this.pending = el("div", { id: "firmware-pending" });
    this.file = el("input", { type: "file", id: "firmware-file", accept: ".bundle,.bin,.exlbfw", disabled: readOnly });
    this.downgrade = el("input", { type: "checkbox", id: "firmware-downgrade", disabled: readOnly });
    this.progress = el("progress", { id: "firmware-progress", max: 100, value: 0, hidden: true });
    this.message = el("p", { class: "form-message", role: "status", id: "firmware-message" });
    this.update = el("button", { type: "button", class: "primary", id: "firmware-update", disabled: readOnly,
      onclick: () => this.upload() }, t("fw.update"));
    this.rebootButton = el("button", { type: "button", class: "danger", id: "firmware-reboot", disabled: readOnly,
      onclick: () => this.reboot() }, t("fw.reboot"));
    clear(root);
    root.appendChild(el("section", { class: "area", id: "firmware" },
      el("header", {}, el("h2", {}, t("fw.title")), el("span", { class: "guide-ref" }, "7.3")),
      el("p", { class: "sub" }, t("fw.intro")),
      this.slots, this.pending,
      el("div", { class: "fields" }, el("h3", { class: "group" }, t("fw.update")),
        field(t("fw.bundle"), "firmware-file", this.file),
        field(t("fw.downgrade"), "firmware-downgrade", el("label", { class: "check" }, this.downgrade,
          t("fw.downgrade-text"))),
        el("div", { class: "field" }, el("span"), el("div", { class: "control" },
          el("div", { class: "button-row" }, this.update, this.progress, this.rebootButton), this.message)))));
  }

  async load() {
    try {
      const { body } = await api.firmware();
      this.render(body.status || {});
    } catch (e) {
      say(this.message, "error", t("fw.unreadable", { message: e.message }));
    }
  }

  render(status) {
    this.status = status;
    const slots = status.slots || [];
    clear(this.slots).appendChild(el("table", { class: "grid", id: "firmware-table" },
      el("thead", {}, el("tr", {}, ["fw.col.slot", "engines.col.version", "fw.col.revision", "fw.col.built", "fw.col.model",
        "fw.col.state"].map((h) => el("th", {}, t(h))))),
      el("tbody", {}, slots.map((s) => {
        const m = s.manifest || {};
        return el("tr", { dataset: { slot: s.slot } },
          el("td", {}, el("strong", {}, String(s.slot || "").toUpperCase())),
          el("td", {}, m.version || "—"),
          el("td", { class: "num" }, m.revision ? String(num(m.revision)) : "—"),
          el("td", { class: "nowrap" }, formatDay(m.built_unix)),
          el("td", {}, m.model || "—"),
          el("td", {}, slotState(status, s)));
      }))));
    const pending = slots.find((s) => s.slot === status.pending_slot);
    clear(this.pending);
    if (pending) {
      const m = pending.manifest || {};
      this.pending.appendChild(el("div", { class: "alarm", id: "firmware-pending-note" },
        el("strong", {}, t("fw.pending")),
        t(num(status.boot_attempts) ? "fw.pending-attempts" : "fw.pending-text", { slot: pending.slot.toUpperCase(),
          version: m.version || "?", revision: num(m.revision), attempts: num(status.boot_attempts) })));
    }
    this.rebootButton.classList.toggle("attention", Boolean(pending));
  }

  async upload() {
    if (!this.file.files.length) return say(this.message, "error", t("fw.choose"));
    const file = this.file.files[0];
    this.update.disabled = true;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.progress.dataset.reached = "0";
    say(this.message, "", t("fw.sending", { file: file.name }));
    try {
      const query = this.downgrade.checked ? "?allow_downgrade=true" : "";
      const { body } = await uploadBytes(`firmware${query}`, file, (sent, total) => {
        this.progress.value = Math.round((100 * sent) / total);
        this.progress.dataset.reached = String(this.progress.value);   // what the last upload got to
        if (sent === total) say(this.message, "", t("fw.verifying"));
      });
      say(this.message, "ok", body.message || t("fw.staged"));
      this.file.value = "";
      this.render(body.status || {});
    } catch (e) {
      say(this.message, "error", e.message);
      await this.load();
    } finally {
      this.update.disabled = this.ctx.readOnly();
      this.progress.hidden = true;
    }
    this.ctx.changed();
  }

  async reboot() {
    const pending = this.status && this.status.pending_slot;
    const ok = await confirmDialog(t("fw.reboot-title"),
      (pending ? t("fw.reboot-new", { slot: pending.toUpperCase() }) : "") + t("fw.reboot-text"), t("fw.reboot"));
    if (!ok) return;
    say(this.message, "", t("fw.rebooting"));
    try {
      const { body } = await api.reboot();
      say(this.message, "ok", body.simulated
        ? t("fw.simulated", { slot: String(body.booted_slot || "").toUpperCase() })
        : t("fw.reconnects"));
      this.render(body.status || {});
    } catch (e) {
      say(this.message, "error", e.message);
    }
    this.ctx.changed();
  }
}
