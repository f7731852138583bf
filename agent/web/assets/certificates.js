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
    root.appendChild(section("certificates-store", "Certificates", "4.2",
      el("p", { class: "sub" }, "The certificates stored on this appliance. Private keys never leave it. " +
        "A certificate in use by a service or by this page cannot be deleted: assign another first."),
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
      say(this.listMessage, "error", `The certificates cannot be read: ${e.message}`);
    }
    return this.certificates || [];
  }

  renderList() {
    const readOnly = this.ctx.readOnly();
    const rows = [];
    for (const c of this.certificates) {
      const status = enumWord(c.status, "CERTIFICATE_STATUS_");
      const kind = STATUS_KIND[String(c.status || "").replace("CERTIFICATE_STATUS_", "")] || "muted";
      // A key made here waits for its CA: no dates or issuer yet; the
      // request's subject instead, and its CSR to download again.
      const waiting = c.status === WAITING;
      const csr = waiting && c.csr_pem ? el("button", {
        type: "button", class: "small", dataset: { csr: c.id },
        onclick: () => download(`${c.id}.csr`, c.csr_pem, "application/pkcs10"),
      }, "Download .csr") : null;
      rows.push(el("tr", { dataset: { certificate: c.id } },
        el("td", {}, el("strong", {}, c.id), el("div", { class: "sub" }, c.common_name || "")),
        el("td", { class: "nowrap" }, formatDay(c.not_before_unix)),
        el("td", { class: "nowrap" }, formatDay(c.not_after_unix)),
        el("td", {}, el("span", { class: `badge ${kind}`, dataset: { status: c.id } }, status)),
        el("td", { class: "detail" }, waiting ? `Request: ${c.subject || "not kept"}` : c.issuer || ""),
        el("td", { class: "detail" }, (c.subject_alt_names || []).map((n) => el("div", {}, n))),
        el("td", {}, (c.used_by || []).length ? (c.used_by || []).map((u) => el("div", { class: "mono" }, u))
          : el("span", { class: "sub" }, "not used")),
        el("td", { class: "actions" }, csr, el("button", {
          type: "button", class: "small danger", disabled: readOnly || (c.used_by || []).length > 0,
          dataset: { delete: c.id }, onclick: () => this.remove(c),
        }, "Delete"))));
      const warnings = c.warnings || [];
      rows.push(el("tr", { class: "cert-details", dataset: { details: c.id } },
        el("td", { colspan: 8 },
          el("span", { class: "sub" }, waiting ? `${c.key_type || "key"} · waiting for the CA's certificate`
            : `${c.key_type || "key ?"} · chain ${num(c.chain_length)} · SHA-256 `),
          waiting ? null : el("span", { class: "mono fingerprint" }, c.sha256_fingerprint || "—"),
          warnings.length ? el("ul", { class: "problems cert-warnings" },
            warnings.map((w) => el("li", { class: "warning" }, w))) : null)));
    }
    clear(this.listBox).appendChild(rows.length
      ? el("table", { class: "grid", id: "certificates-table" },
        el("thead", {}, el("tr", {}, ["Certificate", "From", "Until", "Status", "Issuer", "Names", "Used by", ""]
          .map((h) => el("th", {}, h)))),
        el("tbody", {}, rows))
      : el("p", { class: "empty" }, "No certificate is stored."));
  }

  async remove(c) {
    const ok = await confirmDialog(c.status === WAITING ? `Delete the waiting key ${c.id}?` : `Delete certificate ${c.id}?`,
      c.status === WAITING
        ? "The key and its request are removed: the CA's answer to this request can then no longer be imported. " +
          "This cannot be undone (a backup holds the key)."
        : "Its file and private key are removed from the appliance. This cannot be undone " +
          "(a backup holds them).", "Delete");
    if (!ok) return;
    say(this.listMessage, "", "");
    try {
      await api.deleteCertificate(c.id);
      say(this.listMessage, "ok", `Certificate ${c.id} deleted.`);
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
        if (!id.value.trim()) return say(message, "error", "Give the certificate an identifier.");
        if (!file.files.length) return say(message, "error", "Choose a .pfx or .pem file first.");
        button.disabled = true;
        try {
          say(message, "", "Checking the file…");
          const { body } = await api.uploadCertificate(id.value.trim(), await fileBase64(file.files[0]),
            password.value, replace.checked);
          const c = body.certificate || {};
          say(message, "ok", `${c.id}: ${c.common_name || "stored"}, until ${formatDay(c.not_after_unix)}. ` +
            `${body.message || ""}`);
          password.value = "";
          file.value = "";
          this.ctx.changed();
        } catch (e) {
          say(message, "error", e.message);
        } finally {
          button.disabled = false;
        }
      } }, "Import");
    return section("certificates-import", "Import a certificate", "5.4.2.2",
      el("p", { class: "sub" }, "A .pfx / .p12 exported from Windows or Exchange, or a .pem holding the " +
        "certificate, its chain and its key. The file password opens the .pfx or an encrypted key. " +
        "A CA's answer to a signing request made here is imported under the request's identifier, without key."),
      el("div", { class: "fields" },
        field("Identifier", "cert-import-id", id, "How services name it: 1 to 64 of a-z 0-9 . _ -"),
        field("Certificate .pfx or .pem", "cert-import-file", file),
        field("File password", "cert-import-password", password),
        field("Replace", "cert-import-replace", el("label", { class: "check" }, replace,
          " replace a stored certificate of the same identifier (services using it get the new one)")),
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
        say(ssMessage, "", "Generating…");
        try {
          const { body } = await api.selfSigned(ssId.value.trim(), ssHost.value.trim(), false);
          say(ssMessage, "ok", `${body.certificate.id}: self-signed for ${body.certificate.common_name}.`);
          this.ctx.changed();
        } catch (e) { say(ssMessage, "error", e.message); }
      } }, "Generate self-signed");

    const csrId = input("cert-csr-id", "mail2026");
    const csrHost = input("cert-csr-host", "mail.example.com", "wide");
    const csrAlt = input("cert-csr-alt", "autodiscover.example.com, owa.example.com", "wide");
    const csrOrg = input("cert-csr-org", "Example Ltd");
    const csrCountry = el("input", { type: "text", id: "cert-csr-country", class: "narrow", maxlength: 2,
      placeholder: "FR", autocomplete: "off", disabled: readOnly });
    const csrMessage = el("p", { class: "form-message", role: "status", id: "cert-csr-message" });
    const csrText = el("textarea", { id: "cert-csr-text", class: "mono csr", readonly: true, rows: 8, hidden: true, wrap: "off",
      "aria-label": "Certificate signing request" });
    const csrDownload = el("button", { type: "button", id: "cert-csr-download", hidden: true }, "Download .csr");
    const csrButton = el("button", { type: "button", id: "cert-csr-generate", disabled: readOnly,
      onclick: async () => {
        say(csrMessage, "", "Generating…");
        try {
          const alt = csrAlt.value.split(/[\s,]+/).filter(Boolean);
          const { body } = await api.certificateRequest({ id: csrId.value.trim(), host_name: csrHost.value.trim(),
            alt_names: alt, organization: csrOrg.value.trim(), country: csrCountry.value.trim().toUpperCase() });
          csrText.value = body.csr_pem || "";
          csrText.hidden = false;
          csrDownload.hidden = false;
          csrDownload.onclick = () => download(`${body.id}.csr`, body.csr_pem, "application/pkcs10");
          say(csrMessage, "ok", `The key stays on the appliance as ${body.id}. Send this request to your CA, then ` +
            `import its answer (.pem) under the identifier ${body.id}.`);
          this.ctx.changed();  // the list shows the key waiting for its CA
        } catch (e) { say(csrMessage, "error", e.message); csrText.hidden = true; csrDownload.hidden = true; }
      } }, "Generate key and request");

    return section("certificates-generate", "Generate", null,
      el("div", { class: "backup-grid" },
        el("div", { class: "fields" }, el("h3", { class: "group" }, "Self-signed certificate"),
          el("p", { class: "sub" }, "ECDSA P-256, for tests or until a CA's certificate arrives: clients warn."),
          field("Identifier", "cert-ss-id", ssId),
          field("Host name", "cert-ss-host", ssHost),
          el("div", { class: "field" }, el("span"), el("div", { class: "control" }, ssButton, ssMessage))),
        el("div", { class: "fields" }, el("h3", { class: "group" }, "Key and signing request (CSR) for a CA"),
          field("Identifier", "cert-csr-id", csrId),
          field("Host name", "cert-csr-host", csrHost),
          field("Other names", "cert-csr-alt", csrAlt, "Separated by commas or spaces."),
          field("Organization", "cert-csr-org", csrOrg),
          field("Country", "cert-csr-country", csrCountry, "Two letters, optional."),
          el("div", { class: "field" }, el("span"), el("div", { class: "control" },
            el("div", { class: "button-row" }, csrButton, csrDownload), csrMessage, csrText)))));
  }
}
