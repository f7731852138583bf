// The pair's status on the network tab, under High Availability
// (docs/ha-pair.md): this node's pair-channel fingerprint (what the OTHER
// node pins), whether the peer answers, both VRRP roles and who holds the
// virtual address, the configuration drift between the nodes, the pair's
// alarms, and the planned handover when the appliance offers it.

import { api } from "./api.js";
import { el, clear, num, enumWord, formatTime, say } from "./util.js";
import { confirmDialog } from "./notices.js";
import { t, tEnum } from "./i18n.js";

function roleBadge(role) {
  if (!role || role === "VRRP_ROLE_UNSPECIFIED") return el("span", { class: "badge muted" }, t("enum.VRRP_ROLE_UNSPECIFIED"));
  const word = enumWord(role, "VRRP_ROLE_");
  const kind = { master: "ok", backup: "info", fault: "bad" }[word] || "muted";
  return el("span", { class: `badge ${kind}` }, tEnum(role, word));
}

function yesNo(value) {
  return el("span", { class: `badge ${value ? "ok" : "muted"}` }, t(value ? "word.yes" : "word.no"));
}

function row(label, ...value) {
  return el("div", { class: "field" }, el("label", {}, label), el("div", { class: "control info-value" }, ...value));
}

function short(fingerprint) {
  return fingerprint ? `${fingerprint.slice(0, 16)}…` : "—";
}

// ctx: {readOnly(), handover: bool (the appliance has POST /ha/handover)}
export class PairView {
  constructor(root, ctx) {
    this.ctx = ctx;
    this.identity = el("span", { class: "mono", id: "pair-own-fingerprint" }, "—");
    this.body = el("div", { class: "fields", id: "pair-status" });
    this.message = el("p", { class: "form-message", role: "status", id: "pair-message" });
    this.handoverButton = el("button", { type: "button", id: "pair-handover", class: "danger",
      hidden: !ctx.handover, disabled: true, onclick: () => this.handover() }, t("pair.hand-over"));
    clear(root);
    root.appendChild(el("section", { class: "area", id: "area-pair" },
      el("header", {}, el("h2", {}, t("pair.title")), el("span", { class: "guide-ref" }, "4.2.2"),
        el("span", { class: "spacer" }), this.handoverButton),
      el("div", { class: "fields" },
        row(t("pair.own-fingerprint"), this.identity,
          el("div", { class: "hint" }, t("pair.own-fingerprint-hint"))),
        el("h3", { class: "group" }, t("pair.status"))),
      this.body,
      el("div", { class: "fields" }, this.message)));
  }

  async load() {
    try {
      const [identity, status] = await Promise.all([api.haIdentity(), api.pairStatus()]);
      this.identity.textContent = identity.body.certificate_sha256 || "—";
      this.render(status.body);
    } catch (e) {
      say(this.message, "error", t("pair.unreadable", { message: e.message }));
    }
  }

  render(s) {
    this.status = s;
    clear(this.body);
    if (!s.paired) {
      this.body.appendChild(row(t("pair.paired"), el("span", { class: "badge muted", id: "pair-paired" }, t("pair.not-paired")),
        el("div", { class: "hint" }, t("pair.not-paired-hint"))));
      this.handoverButton.disabled = true;
      return;
    }
    const alarms = s.alarms || [];
    this.body.append(
      row(t("pair.peer"), el("span", { class: "mono" }, s.peer_address || "—"), " ",
        el("span", { class: `badge ${s.peer_reachable ? "ok" : "bad"}`, id: "pair-reachable" },
          t(s.peer_reachable ? "pair.reachable" : "pair.unreachable")),
        s.peer_hostname ? el("span", { class: "sub" }, ` ${s.peer_hostname}`) : null,
        s.peer_error ? el("div", { class: "hint", id: "pair-peer-error", dataset: { appliance: "" } }, s.peer_error) : null,
        num(s.peer_seen_unix_ms) ? el("div", { class: "hint" }, t("pair.last-answer", { time: formatTime(s.peer_seen_unix_ms) })) : null),
      row(t("pair.roles"), t("pair.this-node"), roleBadge(s.local_role), t("pair.and-peer"), roleBadge(s.peer_role)),
      row(t("pair.holder"), t("pair.this-node"), yesNo(Boolean(s.local_holds_virtual_address)),
        t("pair.and-peer"), yesNo(Boolean(s.peer_holds_virtual_address))),
      row(t("pair.configuration"), el("span", { class: `badge ${s.drift ? "warn" : s.peer_config_fingerprint ? "ok" : "muted"}`,
        id: "pair-drift" }, t(s.drift ? "pair.drift" : s.peer_config_fingerprint ? "pair.in-sync" : "pair.peer-not-seen")),
      el("div", { class: "hint mono" }, t("pair.generations", { local: short(s.local_config_fingerprint),
        localGeneration: num(s.local_generation), peer: short(s.peer_config_fingerprint),
        peerGeneration: num(s.peer_generation) }))),
      row(t("pair.alarms"), alarms.length
        ? el("ul", { class: "plain", id: "pair-alarms" }, alarms.map((a) => el("li", {},
          el("span", { class: `badge ${/CRITICAL/.test(a.severity || "") ? "bad" : "warn"}` }, a.code || "alarm"),
          " ", el("span", { dataset: { appliance: "" } }, a.message || ""))))
        : el("span", { class: "badge ok", id: "pair-alarms" }, t("pair.no-alarm"))));
    if (num(s.failback_due_unix_ms)) {
      this.body.appendChild(row(t("pair.failback"), t("pair.failback-at", { time: formatTime(s.failback_due_unix_ms) })));
    }
    if (s.handover_in_progress) {
      this.body.appendChild(row(t("pair.handover"), el("span", { class: "badge warn" }, t("pair.under-way"))));
    }
    if (s.generation_damaged) {
      this.body.appendChild(row(t("pair.generation"), el("span", { class: "badge bad" }, t("pair.damaged")),
        el("div", { class: "hint" }, t("pair.damaged-hint"))));
    }
    // Whoever holds the virtual address can give it; the other node can take it.
    this.take = !s.local_holds_virtual_address && Boolean(s.peer_holds_virtual_address);
    this.handoverButton.textContent = t(this.take ? "pair.take-over" : "pair.hand-over");
    this.handoverButton.disabled = this.ctx.readOnly() || !s.peer_reachable || Boolean(s.handover_in_progress) ||
      !(s.local_holds_virtual_address || s.peer_holds_virtual_address);
  }

  async handover() {
    const take = this.take;
    const ok = await confirmDialog(t(take ? "pair.take-title" : "pair.give-title"),
      t(take ? "pair.take-text" : "pair.give-text"), t(take ? "pair.take-over" : "pair.hand-over"));
    if (!ok) return;
    say(this.message, "", t(take ? "pair.taking" : "pair.handing"));
    try {
      const { body } = await api.handover(take);
      say(this.message, "ok", `${body.message || t("pair.done")}${num(body.took_ms) ? ` (${num(body.took_ms)} ms)` : ""}`);
    } catch (e) {
      say(this.message, "error", e.message);
    }
    await this.load();
  }
}
