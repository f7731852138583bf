// Firmware (guide 7.3): the two slots (A/B) with what each holds, the
// upload of a signed bundle with its progress (the appliance verifies it
// whole before it writes anything, then stages it in the inactive slot), the
// pending-reboot state and the Reboot that boots it. A new slot that does
// not confirm itself healthy after booting is rolled back by the appliance.

import { api, uploadBytes } from "./api.js";
import { el, clear, num, field, formatDay, say } from "./util.js";
import { confirmDialog } from "./notices.js";

function slotState(status, slot) {
  const states = [];
  if (slot.slot === status.active_slot) states.push(el("span", { class: "badge ok" }, "active"));
  if (slot.slot === status.booted_slot) states.push(el("span", { class: "badge info" }, "running"));
  if (slot.slot === status.pending_slot) states.push(el("span", { class: "badge warn" }, "boots next"));
  // The slot the appliance was installed into holds no bundle's manifest.
  if (!slot.complete) states.push(el("span", { class: "badge muted" }, states.length ? "factory image" : "empty"));
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
      onclick: () => this.upload() }, "Update");
    this.rebootButton = el("button", { type: "button", class: "danger", id: "firmware-reboot", disabled: readOnly,
      onclick: () => this.reboot() }, "Reboot");
    clear(root);
    root.appendChild(el("section", { class: "area", id: "firmware" },
      el("header", {}, el("h2", {}, "Firmware"), el("span", { class: "guide-ref" }, "7.3")),
      el("p", { class: "sub" }, "An update is a bundle signed by the vendor. The appliance checks the whole " +
        "bundle (signature, model, revision, content) before it writes anything, installs it into the slot it " +
        "is not running, and boots it at the next reboot; a slot that does not report itself healthy after " +
        "booting is rolled back to the previous one."),
      this.slots, this.pending,
      el("div", { class: "fields" }, el("h3", { class: "group" }, "Update"),
        field("Firmware bundle", "firmware-file", this.file),
        field("Downgrade", "firmware-downgrade", el("label", { class: "check" }, this.downgrade,
          " allow an older revision than the one installed")),
        el("div", { class: "field" }, el("span"), el("div", { class: "control" },
          el("div", { class: "button-row" }, this.update, this.progress, this.rebootButton), this.message)))));
  }

  async load() {
    try {
      const { body } = await api.firmware();
      this.render(body.status || {});
    } catch (e) {
      say(this.message, "error", `The firmware slots cannot be read: ${e.message}`);
    }
  }

  render(status) {
    this.status = status;
    const slots = status.slots || [];
    clear(this.slots).appendChild(el("table", { class: "grid", id: "firmware-table" },
      el("thead", {}, el("tr", {}, ["Slot", "Version", "Revision", "Built", "Model", "State"].map((h) => el("th", {}, h)))),
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
        el("strong", {}, "Reboot pending: "),
        `slot ${pending.slot.toUpperCase()} holds ${m.version || "?"} (revision ${num(m.revision)}) and boots at the next reboot` +
        (num(status.boot_attempts) ? ` (${num(status.boot_attempts)} boot attempt(s) without confirmation so far).` : ".")));
    }
    this.rebootButton.classList.toggle("attention", Boolean(pending));
  }

  async upload() {
    if (!this.file.files.length) return say(this.message, "error", "Choose a firmware bundle first.");
    const file = this.file.files[0];
    this.update.disabled = true;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.progress.dataset.reached = "0";
    say(this.message, "", `Sending ${file.name}…`);
    try {
      const query = this.downgrade.checked ? "?allow_downgrade=true" : "";
      const { body } = await uploadBytes(`firmware${query}`, file, (sent, total) => {
        this.progress.value = Math.round((100 * sent) / total);
        this.progress.dataset.reached = String(this.progress.value);   // what the last upload got to
        if (sent === total) say(this.message, "", "Verifying the bundle…");
      });
      say(this.message, "ok", body.message || "Staged.");
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
    const ok = await confirmDialog("Reboot the appliance?",
      (pending ? `It boots the new firmware in slot ${pending.toUpperCase()}. ` : "") +
      "Traffic stops until it is back (the other node of a pair takes over).", "Reboot");
    if (!ok) return;
    say(this.message, "", "Rebooting…");
    try {
      const { body } = await api.reboot();
      say(this.message, "ok", body.simulated
        ? `Reboot simulated (test system root): booted slot ${String(body.booted_slot || "").toUpperCase()}, confirmed healthy.`
        : "The appliance is rebooting; this page reconnects when it is back.");
      this.render(body.status || {});
    } catch (e) {
      say(this.message, "error", e.message);
    }
    this.ctx.changed();
  }
}
