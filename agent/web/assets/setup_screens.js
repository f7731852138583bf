// The screens of the appliance's setup that are not configuration areas:
// certificates (their own tab), firmware and licenses and the system
// information (setup tab), the pair's status (network tab). Each loads when
// its tab is shown and again after a change; app.js only tells which tab
// is shown and when the status moved.

import { api, session } from "./api.js";
import { CertificatesView } from "./certificates.js";
import { FirmwareView } from "./firmware.js";
import { LicensesView } from "./licenses.js";
import { PairView } from "./pair.js";
import { $, el, clear } from "./util.js";
import { t } from "./i18n.js";

const PAIR_REFRESH_MS = 2000;

export class SetupScreens {
  // ctx: {readOnly(), certificatesChanged(ids), systemChanged(systemInfo)}
  constructor(ctx) {
    this.ctx = ctx;
    this.tab = "";
    this.pairLoadedAt = 0;
    this.pairTimer = null;
    this.handover = false;
  }

  // Called once the main view's containers exist (after the forms are built).
  async build() {
    this.handover = await routeExists("ha/handover");
    await this.draw();
  }

  // Draws the screens again (the page's language changed; the forms, and
  // with them the pair's container, were drawn again) and reloads what the
  // tab in view shows.
  async redraw() {
    if (!this.certificates) return;   // not built yet
    await this.draw();
    this.shown(this.tab);
  }

  async draw() {
    const readOnly = this.ctx.readOnly;
    const changed = () => this.refreshCertificates();
    this.certificates = new CertificatesView($("#certificates-view"), { readOnly, changed });
    this.firmware = new FirmwareView($("#setup-firmware"), { readOnly, changed: () => this.refreshSystem() });
    this.licenses = new LicensesView($("#setup-licenses"), { readOnly, changed: () => this.refreshSystem() });
    this.pair = new PairView($("#network-pair"), { readOnly, handover: this.handover });
    this.buildSetupIndex();
    await this.refreshCertificates();
  }

  // The setup tab is long (guide chapter 7's five areas and more): an index.
  buildSetupIndex() {
    const links = [["setup-info", "setup.index.information"], ["setup-configuration", "setup.index.configuration"],
      ["setup-backup", "setup.index.backup"], ["setup-firmware", "setup.index.firmware"], ["setup-areas", "setup.index.system"],
      ["setup-licenses", "setup.index.licenses"], ["setup-management", "area.management"]];
    clear($("#setup-index")).append(...links.map(([id, label]) => el("button", {
      type: "button", class: "link", onclick: () => $(`#${id}`).scrollIntoView({ behavior: "smooth", block: "start" }),
    }, t(label))));
  }

  async refreshCertificates() {
    const list = await this.certificates.load();
    // A key waiting for its CA is listed, but no service can use it yet.
    this.ctx.certificatesChanged(list.filter((c) => c.status !== "CERTIFICATE_STATUS_WAITING_FOR_CERTIFICATE")
      .map((c) => c.id));
  }

  async refreshSystem() {
    try {
      const { body } = await api.system();
      this.ctx.systemChanged(body);
    } catch (e) {
      // The information card keeps what it showed.
    }
  }

  // tab: the tab now shown; "" when the main view is left (logged out).
  shown(tab) {
    this.tab = tab;
    clearInterval(this.pairTimer);
    this.pairTimer = null;
    if (!this.certificates) return;   // not built yet
    if (tab === "certificates") this.refreshCertificates();
    if (tab === "setup") {
      this.refreshSystem();
      this.firmware.load();
      this.licenses.load();
    }
    // The pair's reachability and alarms move without a configuration
    // change: read them again while they are in view.
    if (tab === "network") {
      this.loadPair();
      this.pairTimer = setInterval(() => this.statusMoved(), PAIR_REFRESH_MS);
    }
  }

  // A status or an event arrived: the pair's view follows it while shown.
  statusMoved() {
    if (this.tab === "network" && Date.now() - this.pairLoadedAt > PAIR_REFRESH_MS / 2) this.loadPair();
  }

  // The configuration changed (certificates' "used by", the pair's pin).
  configChanged() {
    if (this.tab === "certificates") this.refreshCertificates();
    if (this.tab === "network") this.loadPair();
  }

  loadPair() {
    this.pairLoadedAt = Date.now();
    this.pair.load();
  }
}

// Whether the appliance has a route, without calling it: an unknown route is
// 404, a known one asked with the wrong method 405.
async function routeExists(path) {
  try {
    const response = await fetch(`/api/v1/${path}`, { method: "GET", cache: "no-store",
      headers: { Accept: "application/json", Authorization: `Bearer ${session.token}` } });
    return response.status === 405;
  } catch (e) {
    return false;
  }
}
