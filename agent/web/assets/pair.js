// The pair's status on the network tab, under High Availability
// (docs/ha-pair.md): this node's pair-channel fingerprint (what the OTHER
// node pins), whether the peer answers, both VRRP roles and who holds the
// virtual address, the configuration drift between the nodes, the pair's
// alarms, and the planned handover when the appliance offers it.

import { api } from "./api.js";
import { el, clear, num, enumWord, formatTime, say } from "./util.js";
import { confirmDialog } from "./notices.js";

function roleBadge(role) {
  if (!role || role === "VRRP_ROLE_UNSPECIFIED") return el("span", { class: "badge muted" }, "unknown");
  const word = enumWord(role, "VRRP_ROLE_");
  const kind = { master: "ok", backup: "info", fault: "bad" }[word] || "muted";
  return el("span", { class: `badge ${kind}` }, word === "disabled" ? "standalone" : word);
}

function yesNo(value) {
  return el("span", { class: `badge ${value ? "ok" : "muted"}` }, value ? "yes" : "no");
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
      hidden: !ctx.handover, disabled: true, onclick: () => this.handover() }, "Hand over");
    clear(root);
    root.appendChild(el("section", { class: "area", id: "area-pair" },
      el("header", {}, el("h2", {}, "High Availability — Pair"), el("span", { class: "guide-ref" }, "4.2.2"),
        el("span", { class: "spacer" }), this.handoverButton),
      el("div", { class: "fields" },
        row("This node's fingerprint", this.identity,
          el("div", { class: "hint" }, "Give it to the other node as its Peer certificate SHA-256.")),
        el("h3", { class: "group" }, "Status")),
      this.body,
      el("div", { class: "fields" }, this.message)));
  }

  async load() {
    try {
      const [identity, status] = await Promise.all([api.haIdentity(), api.pairStatus()]);
      this.identity.textContent = identity.body.certificate_sha256 || "—";
      this.render(status.body);
    } catch (e) {
      say(this.message, "error", `The pair's status cannot be read: ${e.message}`);
    }
  }

  render(s) {
    this.status = s;
    clear(this.body);
    if (!s.paired) {
      this.body.appendChild(row("Paired", el("span", { class: "badge muted", id: "pair-paired" }, "not paired"),
        el("div", { class: "hint" }, "High availability on, a peer node address and the peer's fingerprint make a pair.")));
      this.handoverButton.disabled = true;
      return;
    }
    const alarms = s.alarms || [];
    this.body.append(
      row("Peer", el("span", { class: "mono" }, s.peer_address || "—"), " ",
        el("span", { class: `badge ${s.peer_reachable ? "ok" : "bad"}`, id: "pair-reachable" },
          s.peer_reachable ? "reachable" : "unreachable"),
        s.peer_hostname ? el("span", { class: "sub" }, ` ${s.peer_hostname}`) : null,
        s.peer_error ? el("div", { class: "hint", id: "pair-peer-error" }, s.peer_error) : null,
        num(s.peer_seen_unix_ms) ? el("div", { class: "hint" }, `last answer ${formatTime(s.peer_seen_unix_ms)}`) : null),
      row("Roles", "this node ", roleBadge(s.local_role), " · peer ", roleBadge(s.peer_role)),
      row("Virtual address held by", "this node ", yesNo(Boolean(s.local_holds_virtual_address)),
        " · peer ", yesNo(Boolean(s.peer_holds_virtual_address))),
      row("Configuration", el("span", { class: `badge ${s.drift ? "warn" : s.peer_config_fingerprint ? "ok" : "muted"}`,
        id: "pair-drift" }, s.drift ? "drift: the nodes differ" : s.peer_config_fingerprint ? "in sync" : "peer not seen yet"),
      el("div", { class: "hint mono" }, `this node ${short(s.local_config_fingerprint)} (generation ` +
          `${num(s.local_generation)}) · peer ${short(s.peer_config_fingerprint)} (generation ${num(s.peer_generation)})`)),
      row("Alarms", alarms.length
        ? el("ul", { class: "plain", id: "pair-alarms" }, alarms.map((a) => el("li", {},
          el("span", { class: `badge ${/CRITICAL/.test(a.severity || "") ? "bad" : "warn"}` }, a.code || "alarm"),
          " ", a.message || "")))
        : el("span", { class: "badge ok", id: "pair-alarms" }, "none")));
    if (num(s.failback_due_unix_ms)) {
      this.body.appendChild(row("Failback", `this node takes the virtual address back at ${formatTime(s.failback_due_unix_ms)}`));
    }
    if (s.handover_in_progress) this.body.appendChild(row("Handover", el("span", { class: "badge warn" }, "under way")));
    if (s.generation_damaged) {
      this.body.appendChild(row("Pair generation", el("span", { class: "badge bad" }, "damaged"),
        el("div", { class: "hint" }, "The pair refuses every change until an administrator syncs it.")));
    }
    // Whoever holds the virtual address can give it; the other node can take it.
    this.take = !s.local_holds_virtual_address && Boolean(s.peer_holds_virtual_address);
    this.handoverButton.textContent = this.take ? "Take over" : "Hand over";
    this.handoverButton.disabled = this.ctx.readOnly() || !s.peer_reachable || Boolean(s.handover_in_progress) ||
      !(s.local_holds_virtual_address || s.peer_holds_virtual_address);
  }

  async handover() {
    const take = this.take;
    const ok = await confirmDialog(take ? "Take the virtual address over?" : "Hand over to the peer?",
      take ? "This node takes the virtual address from its peer, which becomes the backup. Established " +
        "connections through the peer are cut; clients reconnect here."
        : "The peer takes the virtual address and this node becomes the backup. Established connections " +
        "through this node are cut; clients reconnect to the peer.", take ? "Take over" : "Hand over");
    if (!ok) return;
    say(this.message, "", take ? "Taking over…" : "Handing over…");
    try {
      const { body } = await api.handover(take);
      say(this.message, "ok", `${body.message || "Done."}${num(body.took_ms) ? ` (${num(body.took_ms)} ms)` : ""}`);
    } catch (e) {
      say(this.message, "error", e.message);
    }
    await this.load();
  }
}
