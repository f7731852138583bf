// Every configuration area of the guide, as data: which tab shows it, its
// fields (paths into ApplianceConfig, labels as the guide names them, as
// i18n.js keys with their {args}) and when a field applies (the mode select boxes of chapters 4.2 and 5).
// forms.js turns an area into a form with its validate ✓ / cancel ✗ buttons.

const TOGGLE = [["TOGGLE_ENABLED", "option.enabled"], ["TOGGLE_DISABLED", "option.disabled"]];

const MAIL_MODES = [
  ["MAIL_MODE_DISABLED", "option.disabled"],
  ["MAIL_MODE_CLEAR", "option.clear"],
  ["MAIL_MODE_SSL_FORWARD", "ssl-forward"],
  ["MAIL_MODE_SSL_OFFLOAD", "ssl-offload"],
  ["MAIL_MODE_CLEAR_AND_SSL_FORWARD", "option.clear-and-ssl-forward"],
  ["MAIL_MODE_CLEAR_AND_SSL_OFFLOAD", "option.clear-and-ssl-offload"],
];

// Which of a mail area's fields each mode uses (guide 5.5 to 5.8).
const CLEAR_SIDE = ["MAIL_MODE_CLEAR", "MAIL_MODE_CLEAR_AND_SSL_FORWARD", "MAIL_MODE_CLEAR_AND_SSL_OFFLOAD"];
const TLS_SIDE = ["MAIL_MODE_SSL_FORWARD", "MAIL_MODE_SSL_OFFLOAD",
  "MAIL_MODE_CLEAR_AND_SSL_FORWARD", "MAIL_MODE_CLEAR_AND_SSL_OFFLOAD"];
const SERVER_CLEAR = ["MAIL_MODE_CLEAR", "MAIL_MODE_SSL_OFFLOAD",
  "MAIL_MODE_CLEAR_AND_SSL_FORWARD", "MAIL_MODE_CLEAR_AND_SSL_OFFLOAD"];
const SERVER_TLS = ["MAIL_MODE_SSL_FORWARD", "MAIL_MODE_CLEAR_AND_SSL_FORWARD"];
const OFFLOAD = ["MAIL_MODE_SSL_OFFLOAD", "MAIL_MODE_CLEAR_AND_SSL_OFFLOAD"];

const modeIs = (path, modes) => (config) => modes.includes(valueAt(config, path));
const modeIsNot = (path, mode) => (config) => valueAt(config, path) !== mode;

function valueAt(config, path) {
  let node = config;
  for (const key of path.split(".")) node = node ? node[key] : undefined;
  return node;
}

// Fields of IMAP / POP3 / SMTP: the same six modes, named per protocol.
function mailFields(root, proto, serverKind, defaults) {
  const mode = `${root}.mode`;
  const args = { proto, kind: serverKind };
  return [
    { path: mode, label: "field.mail-service", labelArgs: args, type: "select", options: MAIL_MODES },
    { group: "group.options", showIf: modeIsNot(mode, "MAIL_MODE_DISABLED") },
    { path: `${root}.virtual_port`, label: "field.mail-virtual-port", labelArgs: args, type: "port",
      placeholder: defaults[0], showIf: modeIs(mode, CLEAR_SIDE) },
    { path: `${root}.virtual_tls_port`, label: "field.mail-virtual-tls-port", labelArgs: args, type: "port",
      placeholder: defaults[1], showIf: modeIs(mode, TLS_SIDE) },
    { path: `${root}.server_port`, label: "field.mail-server-port", labelArgs: args, type: "port",
      placeholder: defaults[0], showIf: modeIs(mode, SERVER_CLEAR) },
    { path: `${root}.server_tls_port`, label: "field.mail-server-tls-port", labelArgs: args, type: "port",
      placeholder: defaults[1], showIf: modeIs(mode, SERVER_TLS) },
    { path: `${root}.timeout_seconds`, label: "field.timeout", type: "number", unit: "unit.seconds",
      min: 1, max: 86400, showIf: modeIsNot(mode, "MAIL_MODE_DISABLED") },
    { group: "group.certificate", showIf: modeIs(mode, OFFLOAD) },
    { path: `${root}.certificate`, label: "field.certificate", type: "certificate",
      hint: "hint.service-certificate", showIf: modeIs(mode, OFFLOAD) },
  ];
}

function serverRows(root, kind) {
  const fields = [];
  for (let i = 0; i < 4; i++) {
    fields.push({ path: `${root}[${i}].address`, label: "field.server-address", labelArgs: { kind, n: i + 1 }, type: "ipv4",
      optional: true, pairedName: `${root}[${i}].name`, namePrefix: kind.toLowerCase() });
  }
  return fields;
}

function routeRows() {
  const fields = [];
  for (let i = 0; i < 4; i++) {
    fields.push({ row: "field.route", rowArgs: { n: i + 1 }, path: `network.static_routes[${i}]`, type: "route" });
  }
  return fields;
}

export const TABS = [
  { id: "status", label: "tab.status" },
  { id: "network", label: "tab.network" },
  { id: "config", label: "tab.config" },
  { id: "certificates", label: "tab.certificates" },
  { id: "services", label: "tab.services" },
  { id: "setup", label: "tab.setup" },
  { id: "audit", label: "tab.audit" },
];

export const AREAS = [
  {
    id: "network-settings", tab: "network", title: "area.network-settings", guide: "4.2.1.1",
    fields: [
      { path: "network.hostname", label: "field.hostname", type: "text" },
      { path: "network.address", label: "field.address", type: "ipv4" },
      { path: "network.netmask", label: "field.netmask", type: "ipv4" },
      { path: "network.gateway", label: "field.gateway", type: "ipv4", optional: true },
      { path: "network.vlan_id", label: "field.vlan", type: "number", min: 0, max: 4094,
        hint: "hint.vlan" },
    ],
  },
  {
    id: "network-routes", tab: "network", title: "area.network-routes", guide: "4.2.1.2",
    list: "network.static_routes",
    fields: routeRows(),
  },
  {
    id: "high-availability", tab: "network", title: "area.high-availability", guide: "4.2.2",
    fields: [
      { path: "high_availability.role", label: "field.ha-role", type: "select",
        options: [["HA_ROLE_DISABLED", "option.disabled"], ["HA_ROLE_MASTER", "option.master"], ["HA_ROLE_BACKUP", "option.backup"]] },
      { group: "group.options", showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.virtual_address", label: "field.virtual-address", type: "ipv4",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.cluster_id", label: "field.cluster-id", type: "number", min: 1, max: 255,
        hint: "hint.cluster-id",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.peer_address", label: "field.peer-address", type: "ipv4", optional: true,
        hint: "hint.peer-address",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.peer_certificate_sha256", label: "field.peer-sha256", type: "text",
        optional: true, mono: true,
        hint: "hint.peer-sha256",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.peer_port", label: "field.peer-port", type: "number", min: 0, max: 65535,
        hint: "hint.peer-port",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
    ],
  },
  {
    id: "cas-servers", tab: "config", title: "area.cas-servers", guide: "5.3",
    list: "cas_servers",
    fields: [
      { path: "exchange_version", label: "field.exchange-version", type: "select",
        options: [["EXCHANGE_VERSION_2010", "Exchange 2010"], ["EXCHANGE_VERSION_2013_OR_LATER", "option.exchange-2013"]],
        hint: "hint.exchange-version" },
      ...serverRows("cas_servers", "CAS"),
    ],
  },
  {
    id: "http", tab: "config", title: "area.http", guide: "5.4",
    fields: [
      { path: "http.mode", label: "area.http", type: "select",
        options: [["HTTP_MODE_DISABLED", "option.disabled"], ["HTTP_MODE_SSL_OFFLOAD", "ssl-offload"],
          ["HTTP_MODE_SSL_FORWARD", "ssl-forward"]],
        hint: "hint.http-mode" },
      { group: "group.options", showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.host_name", label: "field.host-name", type: "text", placeholder: "mail.mydomain.local",
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.virtual_https_port", label: "field.virtual-https-port", type: "port", placeholder: 443,
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.redirect_http_port", label: "field.redirect-http-port", type: "port", placeholder: 80,
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.cas_http_port", label: "field.cas-http-port", type: "port", placeholder: 80,
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.cas_https_port", label: "field.cas-https-port", type: "port", placeholder: 443,
        showIf: modeIs("http.mode", ["HTTP_MODE_SSL_FORWARD"]) },
      { path: "http.timeout_seconds", label: "field.timeout", type: "number", unit: "unit.seconds", min: 1, max: 86400,
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { group: "group.certificate", showIf: modeIs("http.mode", ["HTTP_MODE_SSL_OFFLOAD"]) },
      { path: "http.certificate", label: "field.certificate", type: "certificate", hint: "hint.service-certificate",
        showIf: modeIs("http.mode", ["HTTP_MODE_SSL_OFFLOAD"]) },
      { group: "group.web-services", showIf: modeIs("http.mode", ["HTTP_MODE_SSL_OFFLOAD"]) },
      ...[
        ["outlook_web_app", "Outlook Web App"],
        ["exchange_control_panel", "Exchange Control Panel"],
        ["offline_address_book", "Offline Address Book"],
        ["autodiscover", "Auto discover"],
        ["exchange_web_services", "Exchange Web Services"],
        ["activesync", "Active Sync"],
        ["outlook_anywhere", "Outlook Anywhere"],
        ["remote_powershell", "Remote PowerShell"],
      ].map(([key, label]) => ({
        path: `http.applications.${key}`, label, type: "select", options: TOGGLE,
        showIf: modeIs("http.mode", ["HTTP_MODE_SSL_OFFLOAD"]),
      })),
    ],
  },
  {
    id: "imap", tab: "config", title: "area.imap", guide: "5.5",
    fields: mailFields("imap", "IMAP", "CAS", [143, 993]),
  },
  {
    id: "pop3", tab: "config", title: "area.pop3", guide: "5.6",
    fields: mailFields("pop3", "POP3", "CAS", [110, 995]),
  },
  {
    id: "rpc", tab: "config", title: "area.rpc", guide: "5.7",
    fields: [
      { path: "rpc.state", label: "field.rpc-state", type: "select", options: TOGGLE },
      { group: "group.options", showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
      { path: "rpc.endpoint_mapper_port", label: "field.rpc-epm-port", type: "port", placeholder: 135,
        showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
      { path: "rpc.client_access_port", label: "field.rpc-ca-port", type: "port", placeholder: 60000,
        hint: "hint.rpc-ca-port",
        showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
      { path: "rpc.address_book_port", label: "field.rpc-ab-port", type: "port", placeholder: 60001,
        hint: "hint.rpc-ab-port",
        showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
      { path: "rpc.timeout_seconds", label: "field.timeout", type: "number", unit: "unit.seconds", min: 1, max: 86400,
        showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
    ],
  },
  {
    id: "smtp", tab: "config", title: "area.smtp", guide: "5.8",
    list: "smtp.hub_servers",
    fields: (() => {
      const fields = mailFields("smtp", "SMTP", "HUB", [25, 587]);
      const hubs = serverRows("smtp.hub_servers", "HUB").map((f) => ({
        ...f, showIf: modeIsNot("smtp.mode", "MAIL_MODE_DISABLED"),
      }));
      return [fields[0], { group: "group.hub-servers", showIf: modeIsNot("smtp.mode", "MAIL_MODE_DISABLED") },
        ...hubs, ...fields.slice(1)];
    })(),
  },
  {
    id: "system", tab: "setup", title: "area.system", guide: "7.4",
    fields: [
      { path: "system.language", label: "field.language", type: "select",
        options: [["LANGUAGE_ENGLISH", "option.english"], ["LANGUAGE_FRENCH", "option.french"]] },
      { path: "system.timezone", label: "field.timezone", type: "text", placeholder: "UTC",
        hint: "hint.timezone" },
    ],
  },
  {
    id: "management", tab: "setup", container: "setup-management", title: "area.management", guide: "5.1",
    fields: [
      { path: "management.port", label: "field.port", type: "port", placeholder: 4444,
        hint: "hint.management-port" },
      { path: "management.certificate", label: "field.certificate", type: "certificate",
        hint: "hint.management-certificate" },
    ],
  },
  {
    id: "certificate-use", tab: "certificates", container: "certificates-use", title: "area.certificate-use",
    guide: "5.4.2.2",
    fields: [
      { path: "http.certificate", label: "area.http", type: "certificate" },
      { path: "imap.certificate", label: "area.imap", type: "certificate" },
      { path: "pop3.certificate", label: "area.pop3", type: "certificate" },
      { path: "smtp.certificate", label: "area.smtp", type: "certificate" },
      { path: "management.certificate", label: "area.management", type: "certificate",
        hint: "hint.management-certificate" },
    ],
  },
];

// The top-level configuration fields an area edits, for "which area does
// this problem path belong to" when the agent reports one.
export function areaOfPath(path) {
  for (const area of AREAS) {
    for (const field of area.fields) {
      if (!field.path) continue;
      const root = field.path.replace(/\[\d+\].*$/, "");
      if (path === field.path || path.startsWith(`${field.path}.`) || path.startsWith(`${field.path}[`) ||
          (field.path.includes("[") && path.startsWith(root))) {
        return area;
      }
    }
  }
  const top = path.split(/[.[]/)[0];
  return AREAS.find((a) => a.fields.some((f) => f.path && f.path.split(/[.[]/)[0] === top)) || null;
}
