// The certificates tab (guide 4.2 and every "Certificate" block, 5.4.2.2):
// the store's list with what the appliance tells about each certificate, an
// import of a .pfx / .pem with its password, a generated self-signed
// certificate, a key + signing request for a CA, and delete. Which
// certificate each TLS service uses is a configuration area (areas.js,
// "Certificate use") shown on the same tab. Errors of the appliance are
// shown next to the form that caused them.

import { api, fileBase64 } from "./api.js";
import { el, clear, num, enumWord, field, formatDay, say, download } from "./util.js";
import { confirmDialog } from "./notices.js";
import { t, tEnum } from "./i18n.js";

const STATUS_KIND = {
  CA_SIGNED: "ok", SELF_SIGNED: "info", EXPIRING: "warn", EXPIRED: "bad", NOT_YET_VALID: "warn", KEY_MISMATCH: "bad",
  WAITING_FOR_CERTIFICATE: "warn",
};
const WAITING = "CERTIFICATE_STATUS_WAITING_FOR_CERTIFICATE";

function section(id, title, guide, ...content) {
  return el("section", { class: "area", id },
    el("header", {}, el("h2", {}, title), guide ? el("span", { class: "guide-ref" }, guide) : null),
    ...content);
}

// ctx: {readOnly(), changed()} — changed() after the store changed (the
// app reloads the list and the certificate selects).
export class CertificatesView {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.certificates = null;
    this.listBox = el("div", { id: "certificates-list" });
    this.listMessage = el("p", { class: "form-message", role: "status", id: "certificates-list-message" });
    clear(root);
    root.appendChild(section("certificates-store", t("cert.store-title"), "4.2",
      el("p", { class: "sub" }, t("cert.store-intro")),
      this.listMessage, this.listBox));
    root.appendChild(this.renderImport());
    root.appendChild(this.renderGenerate());
  }

  async load() {
    try {
      const { body } = await api.certificates();
      this.certificates = body.certificates || [];
      this.renderList();
    } catch (e) {
      say(this.listMessage, "error", t("cert.unreadable", { message: e.message }));
    }
    return this.certificates || [];
  }

  renderList() {
    const readOnly = this.ctx.readOnly();
    const rows = [];
    for (const c of this.certificates) {
      const status = tEnum(c.status, enumWord(c.status, "CERTIFICATE_STATUS_"));
      const kind = STATUS_KIND[String(c.status || "").replace("CERTIFICATE_STATUS_", "")] || "muted";
      // A key made here waits for its CA: no dates or issuer yet; the
      // request's subject instead, and its CSR to download again.
      const waiting = c.status === WAITING;
      const csr = waiting && c.csr_pem ? el("button", {
        type: "button", class: "small", dataset: { csr: c.id },
        onclick: () => download(`${c.id}.csr`, c.csr_pem, "application/pkcs10"),
      }, t("cert.download-csr")) : null;
      rows.push(el("tr", { dataset: { certificate: c.id } },
        el("td", {}, el("strong", {}, c.id), el("div", { class: "sub" }, c.common_name || "")),
        el("td", { class: "nowrap" }, formatDay(c.not_before_unix)),
        el("td", { class: "nowrap" }, formatDay(c.not_after_unix)),
        el("td", {}, el("span", { class: `badge ${kind}`, dataset: { status: c.id } }, status)),
        el("td", { class: "detail" }, waiting ? t("cert.request-subject", { subject: c.subject || t("cert.not-kept") }) : c.issuer || ""),
        el("td", { class: "detail" }, (c.subject_alt_names || []).map((n) => el("div", {}, n))),
        el("td", {}, (c.used_by || []).length ? (c.used_by || []).map((u) => el("div", { class: "mono" }, u))
          : el("span", { class: "sub" }, t("cert.not-used"))),
        el("td", { class: "actions" }, csr, el("button", {
          type: "button", class: "small danger", disabled: readOnly || (c.used_by || []).length > 0,
          dataset: { delete: c.id }, onclick: () => this.remove(c),
        }, t("cert.delete")))));
      const warnings = c.warnings || [];
      rows.push(el("tr", { class: "cert-details", dataset: { details: c.id } },
        el("td", { colspan: 8 },
          el("span", { class: "sub" }, waiting ? t("cert.waiting-details", { key: c.key_type || t("cert.key") })
            : t("cert.details", { key: c.key_type || `${t("cert.key")} ?`, chain: num(c.chain_length) })),
          waiting ? null : el("span", { class: "mono fingerprint" }, c.sha256_fingerprint || "—"),
          warnings.length ? el("ul", { class: "problems cert-warnings" },
            warnings.map((w) => el("li", { class: "warning", dataset: { appliance: "" } }, w))) : null)));
    }
    clear(this.listBox).appendChild(rows.length
      ? el("table", { class: "grid", id: "certificates-table" },
        el("thead", {}, el("tr", {}, ["cert.col.certificate", "cert.col.from", "cert.col.until", "cert.col.status",
          "cert.col.issuer", "cert.col.names", "cert.col.used-by"].map((h) => el("th", {}, t(h))).concat(el("th")))),
        el("tbody", {}, rows))
      : el("p", { class: "empty" }, t("cert.none")));
  }

  async remove(c) {
    const waiting = c.status === WAITING;
    const ok = await confirmDialog(t(waiting ? "cert.delete-waiting-title" : "cert.delete-title", { id: c.id }),
      t(waiting ? "cert.delete-waiting-text" : "cert.delete-text"), t("cert.delete"));
    if (!ok) return;
    say(this.listMessage, "", "");
    try {
      await api.deleteCertificate(c.id);
      say(this.listMessage, "ok", t("cert.deleted", { id: c.id }));
    } catch (e) {
      say(this.listMessage, "error", e.message);
    }
    this.ctx.changed();
  }

  renderImport() {
    const readOnly = this.ctx.readOnly();
    const id = el("input", { type: "text", id: "cert-import-id", class: "medium", spellcheck: "false",
      autocomplete: "off", placeholder: "mail", disabled: readOnly });
    const file = el("input", { type: "file", id: "cert-import-file", accept: ".pfx,.p12,.pem,.crt,.cer",
      disabled: readOnly });
    const password = el("input", { type: "password", id: "cert-import-password", class: "medium",
      autocomplete: "off", disabled: readOnly });
    const replace = el("input", { type: "checkbox", id: "cert-import-replace", disabled: readOnly });
    const message = el("p", { class: "form-message", role: "status", id: "cert-import-message" });
    const button = el("button", { type: "button", class: "primary", id: "cert-import", disabled: readOnly,
      onclick: async () => {
        if (!id.value.trim()) return say(message, "error", t("cert.import-id-missing"));
        if (!file.files.length) return say(message, "error", t("cert.import-file-missing"));
        button.disabled = true;
        try {
          say(message, "", t("cert.checking"));
          const { body } = await api.uploadCertificate(id.value.trim(), await fileBase64(file.files[0]),
            password.value, replace.checked);
          const c = body.certificate || {};
          say(message, "ok", t("cert.imported", { id: c.id, name: c.common_name || t("cert.stored"),
            until: formatDay(c.not_after_unix), message: body.message || "" }));
          password.value = "";
          file.value = "";
          this.ctx.changed();
        } catch (e) {
          say(message, "error", e.message);
        } finally {
          button.disabled = false;
        }
      } }, t("cert.import"));
    return section("certificates-import", t("cert.import-title"), "5.4.2.2",
      el("p", { class: "sub" }, t("cert.import-intro")),
      el("div", { class: "fields" },
        field(t("cert.identifier"), "cert-import-id", id, t("cert.identifier-hint")),
        field(t("cert.file"), "cert-import-file", file),
        field(t("cert.file-password"), "cert-import-password", password),
        field(t("cert.replace"), "cert-import-replace", el("label", { class: "check" }, replace, t("cert.replace-text"))),
        el("div", { class: "field" }, el("span"), el("div", { class: "control" }, button, message))));
  }

  renderGenerate() {
    const readOnly = this.ctx.readOnly();
    const input = (id, placeholder, cls) => el("input", { type: "text", id, class: cls || "medium", spellcheck: "false",
      autocomplete: "off", placeholder, disabled: readOnly });
    const ssId = input("cert-ss-id", "selfsigned");
    const ssHost = input("cert-ss-host", "mail.example.com", "wide");
    const ssMessage = el("p", { class: "form-message", role: "status", id: "cert-ss-message" });
    const ssButton = el("button", { type: "button", id: "cert-ss-generate", disabled: readOnly,
      onclick: async () => {
        say(ssMessage, "", t("cert.generating"));
        try {
          const { body } = await api.selfSigned(ssId.value.trim(), ssHost.value.trim(), false);
          say(ssMessage, "ok", t("cert.self-signed-done", { id: body.certificate.id, name: body.certificate.common_name }));
          this.ctx.changed();
        } catch (e) { say(ssMessage, "error", e.message); }
      } }, t("cert.generate-self-signed"));

    const csrId = input("cert-csr-id", "mail2026");
    const csrHost = input("cert-csr-host", "mail.example.com", "wide");
    const csrAlt = input("cert-csr-alt", "autodiscover.example.com, owa.example.com", "wide");
    const csrOrg = input("cert-csr-org", "Example Ltd");
    const csrCountry = el("input", { type: "text", id: "cert-csr-country", class: "narrow", maxlength: 2,
      placeholder: "FR", autocomplete: "off", disabled: readOnly });
    const csrMessage = el("p", { class: "form-message", role: "status", id: "cert-csr-message" });
    const csrText = el("textarea", { id: "cert-csr-text", class: "mono csr", readonly: true, rows: 8, hidden: true, wrap: "off",
      "aria-label": t("cert.csr-label") });
    const csrDownload = el("button", { type: "button", id: "cert-csr-download", hidden: true }, t("cert.download-csr"));
    const csrButton = el("button", { type: "button", id: "cert-csr-generate", disabled: readOnly,
      onclick: async () => {
        say(csrMessage, "", t("cert.generating"));
        try {
          const alt = csrAlt.value.split(/[\s,]+/).filter(Boolean);
          const { body } = await api.certificateRequest({ id: csrId.value.trim(), host_name: csrHost.value.trim(),
            alt_names: alt, organization: csrOrg.value.trim(), country: csrCountry.value.trim().toUpperCase() });
          csrText.value = body.csr_pem || "";
          csrText.hidden = false;
          csrDownload.hidden = false;
          csrDownload.onclick = () => download(`${body.id}.csr`, body.csr_pem, "application/pkcs10");
          say(csrMessage, "ok", t("cert.csr-done", { id: body.id }));
          this.ctx.changed();  // the list shows the key waiting for its CA
        } catch (e) { say(csrMessage, "error", e.message); csrText.hidden = true; csrDownload.hidden = true; }
      } }, t("cert.generate-request"));

    return section("certificates-generate", t("cert.generate-title"), null,
      el("div", { class: "backup-grid" },
        el("div", { class: "fields" }, el("h3", { class: "group" }, t("cert.self-signed-title")),
          el("p", { class: "sub" }, t("cert.self-signed-intro")),
          field(t("cert.identifier"), "cert-ss-id", ssId),
          field(t("cert.host-name"), "cert-ss-host", ssHost),
          el("div", { class: "field" }, el("span"), el("div", { class: "control" }, ssButton, ssMessage))),
        el("div", { class: "fields" }, el("h3", { class: "group" }, t("cert.request-title")),
          field(t("cert.identifier"), "cert-csr-id", csrId),
          field(t("cert.host-name"), "cert-csr-host", csrHost),
          field(t("cert.other-names"), "cert-csr-alt", csrAlt, t("cert.other-names-hint")),
          field(t("cert.organization"), "cert-csr-org", csrOrg),
          field(t("cert.country"), "cert-csr-country", csrCountry, t("cert.country-hint")),
          el("div", { class: "field" }, el("span"), el("div", { class: "control" },
            el("div", { class: "button-row" }, csrButton, csrDownload), csrMessage, csrText)))));
  }
}
