// Every configuration area of the guide, as data: which tab shows it, its
// fields (paths into ApplianceConfig, labels as the guide names them) and
// when a field applies (the mode select boxes of chapters 4.2 and 5).
// forms.js turns an area into a form with its validate ✓ / cancel ✗ buttons.

const TOGGLE = [["TOGGLE_ENABLED", "enabled"], ["TOGGLE_DISABLED", "disabled"]];

const MAIL_MODES = [
  ["MAIL_MODE_DISABLED", "disabled"],
  ["MAIL_MODE_CLEAR", "clear"],
  ["MAIL_MODE_SSL_FORWARD", "ssl-forward"],
  ["MAIL_MODE_SSL_OFFLOAD", "ssl-offload"],
  ["MAIL_MODE_CLEAR_AND_SSL_FORWARD", "clear and ssl-forward"],
  ["MAIL_MODE_CLEAR_AND_SSL_OFFLOAD", "clear and ssl-offload"],
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
  return [
    { path: mode, label: `${proto}(s) Service`, type: "select", options: MAIL_MODES },
    { group: "Options", showIf: modeIsNot(mode, "MAIL_MODE_DISABLED") },
    { path: `${root}.virtual_port`, label: `Virtual Service ${proto} port`, type: "port",
      placeholder: defaults[0], showIf: modeIs(mode, CLEAR_SIDE) },
    { path: `${root}.virtual_tls_port`, label: `Virtual Service ${proto}s port`, type: "port",
      placeholder: defaults[1], showIf: modeIs(mode, TLS_SIDE) },
    { path: `${root}.server_port`, label: `${serverKind} Servers ${proto} port`, type: "port",
      placeholder: defaults[0], showIf: modeIs(mode, SERVER_CLEAR) },
    { path: `${root}.server_tls_port`, label: `${serverKind} Servers ${proto}s port`, type: "port",
      placeholder: defaults[1], showIf: modeIs(mode, SERVER_TLS) },
    { path: `${root}.timeout_seconds`, label: "Timeout", type: "number", unit: "seconds",
      min: 1, max: 86400, showIf: modeIsNot(mode, "MAIL_MODE_DISABLED") },
    { group: "Certificate", showIf: modeIs(mode, OFFLOAD) },
    { path: `${root}.certificate`, label: "Certificate", type: "certificate",
      hint: "A certificate of the appliance's store (certificates tab); \"default\" is its self-signed one.",
      showIf: modeIs(mode, OFFLOAD) },
  ];
}

function serverRows(root, kind) {
  const fields = [];
  for (let i = 0; i < 4; i++) {
    fields.push({ path: `${root}[${i}].address`, label: `${kind}${i + 1} Address`, type: "ipv4",
      optional: true, pairedName: `${root}[${i}].name`, namePrefix: kind.toLowerCase() });
  }
  return fields;
}

function routeRows() {
  const fields = [];
  for (let i = 0; i < 4; i++) {
    fields.push({ row: `Route ${i + 1}`, path: `network.static_routes[${i}]`, type: "route" });
  }
  return fields;
}

export const TABS = [
  { id: "status", label: "status" },
  { id: "network", label: "network" },
  { id: "config", label: "config" },
  { id: "certificates", label: "certificates" },
  { id: "services", label: "services" },
  { id: "setup", label: "setup" },
  { id: "audit", label: "audit" },
];

export const AREAS = [
  {
    id: "network-settings", tab: "network", title: "Local Network — Settings", guide: "4.2.1.1",
    fields: [
      { path: "network.hostname", label: "Hostname", type: "text" },
      { path: "network.address", label: "Address", type: "ipv4" },
      { path: "network.netmask", label: "Netmask", type: "ipv4" },
      { path: "network.gateway", label: "Gateway", type: "ipv4", optional: true },
      { path: "network.vlan_id", label: "vLAN Identifier", type: "number", min: 0, max: 4094,
        hint: "0 when the traffic on the interface is not tagged." },
    ],
  },
  {
    id: "network-routes", tab: "network", title: "Local Network — Static Routes", guide: "4.2.1.2",
    list: "network.static_routes",
    fields: routeRows(),
  },
  {
    id: "high-availability", tab: "network", title: "High Availability", guide: "4.2.2",
    fields: [
      { path: "high_availability.role", label: "Role", type: "select",
        options: [["HA_ROLE_DISABLED", "disabled"], ["HA_ROLE_MASTER", "master"], ["HA_ROLE_BACKUP", "backup"]] },
      { group: "Options", showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.virtual_address", label: "Virtual Service Address", type: "ipv4",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.cluster_id", label: "Cluster Identifier", type: "number", min: 1, max: 255,
        hint: "Unique on the LAN; the master and the backup share it.",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.peer_address", label: "Peer node address", type: "ipv4", optional: true,
        hint: "The other node's management address (beyond the guide: pair-wide changes).",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.peer_certificate_sha256", label: "Peer certificate SHA-256", type: "text",
        optional: true, mono: true,
        hint: "The 64 hex digits the OTHER node shows as \"This node's fingerprint\" on its network tab; empty: not paired.",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
      { path: "high_availability.peer_port", label: "Peer channel port", type: "number", min: 0, max: 65535,
        hint: "The other node's pair-channel port; 0 means 4445.",
        showIf: modeIsNot("high_availability.role", "HA_ROLE_DISABLED") },
    ],
  },
  {
    id: "cas-servers", tab: "config", title: "CAS Servers", guide: "5.3",
    list: "cas_servers",
    fields: [
      { path: "exchange_version", label: "Exchange version", type: "select",
        options: [["EXCHANGE_VERSION_2010", "Exchange 2010"], ["EXCHANGE_VERSION_2013_OR_LATER", "Exchange 2013 or later"]],
        hint: "Chooses the health checks and the persistence of each service." },
      ...serverRows("cas_servers", "CAS"),
    ],
  },
  {
    id: "http", tab: "config", title: "HTTP(s) Service", guide: "5.4",
    fields: [
      { path: "http.mode", label: "HTTP(s) Service", type: "select",
        options: [["HTTP_MODE_DISABLED", "disabled"], ["HTTP_MODE_SSL_OFFLOAD", "ssl-offload"],
          ["HTTP_MODE_SSL_FORWARD", "ssl-forward"]],
        hint: "Disabling it also disables Autodiscover." },
      { group: "Options", showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.host_name", label: "Host Name", type: "text", placeholder: "mail.mydomain.local",
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.virtual_https_port", label: "Virtual Service HTTPs port", type: "port", placeholder: 443,
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.redirect_http_port", label: "Redirect HTTP port", type: "port", placeholder: 80,
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.cas_http_port", label: "CAS Servers HTTP port", type: "port", placeholder: 80,
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { path: "http.cas_https_port", label: "CAS Servers HTTPs port", type: "port", placeholder: 443,
        showIf: modeIs("http.mode", ["HTTP_MODE_SSL_FORWARD"]) },
      { path: "http.timeout_seconds", label: "Timeout", type: "number", unit: "seconds", min: 1, max: 86400,
        showIf: modeIsNot("http.mode", "HTTP_MODE_DISABLED") },
      { group: "Certificate", showIf: modeIs("http.mode", ["HTTP_MODE_SSL_OFFLOAD"]) },
      { path: "http.certificate", label: "Certificate", type: "certificate",
        hint: "A certificate of the appliance's store (certificates tab); \"default\" is its self-signed one.",
        showIf: modeIs("http.mode", ["HTTP_MODE_SSL_OFFLOAD"]) },
      { group: "HTTP and Web Services", showIf: modeIs("http.mode", ["HTTP_MODE_SSL_OFFLOAD"]) },
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
    id: "imap", tab: "config", title: "IMAP(s) Service", guide: "5.5",
    fields: mailFields("imap", "IMAP", "CAS", [143, 993]),
  },
  {
    id: "pop3", tab: "config", title: "POP3(s) Service", guide: "5.6",
    fields: mailFields("pop3", "POP3", "CAS", [110, 995]),
  },
  {
    id: "rpc", tab: "config", title: "RPC Services", guide: "5.7",
    fields: [
      { path: "rpc.state", label: "RPC Services", type: "select", options: TOGGLE },
      { group: "Options", showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
      { path: "rpc.endpoint_mapper_port", label: "EndPoint Mapper port", type: "port", placeholder: 135,
        showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
      { path: "rpc.client_access_port", label: "Access Point port", type: "port", placeholder: 60000,
        hint: "The static Client Access port set in the CAS servers' registry (guide 8.1).",
        showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
      { path: "rpc.address_book_port", label: "Address Book port", type: "port", placeholder: 60001,
        hint: "The static Address Book port set in the CAS servers' registry (guide 8.2).",
        showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
      { path: "rpc.timeout_seconds", label: "Timeout", type: "number", unit: "seconds", min: 1, max: 86400,
        showIf: modeIs("rpc.state", ["TOGGLE_ENABLED"]) },
    ],
  },
  {
    id: "smtp", tab: "config", title: "SMTP(s) Service", guide: "5.8",
    list: "smtp.hub_servers",
    fields: (() => {
      const fields = mailFields("smtp", "SMTP", "HUB", [25, 587]);
      const hubs = serverRows("smtp.hub_servers", "HUB").map((f) => ({
        ...f, showIf: modeIsNot("smtp.mode", "MAIL_MODE_DISABLED"),
      }));
      return [fields[0], { group: "HUB Servers", showIf: modeIsNot("smtp.mode", "MAIL_MODE_DISABLED") },
        ...hubs, ...fields.slice(1)];
    })(),
  },
  {
    id: "system", tab: "setup", title: "System — Local", guide: "7.4",
    fields: [
      { path: "system.language", label: "Language", type: "select",
        options: [["LANGUAGE_ENGLISH", "English"], ["LANGUAGE_FRENCH", "French"]] },
      { path: "system.timezone", label: "Timezone", type: "text", placeholder: "UTC",
        hint: "An IANA name such as UTC or Europe/Paris." },
    ],
  },
  {
    id: "management", tab: "setup", container: "setup-management", title: "Management page", guide: "5.1",
    fields: [
      { path: "management.port", label: "Port", type: "port", placeholder: 4444,
        hint: "Where this page and the API listen after the next apply." },
      { path: "management.certificate", label: "Certificate", type: "certificate",
        hint: "What this page and the API present to browsers, the console and scripts." },
    ],
  },
  {
    id: "certificate-use", tab: "certificates", container: "certificates-use", title: "Certificate use",
    guide: "5.4.2.2",
    fields: [
      { path: "http.certificate", label: "HTTP(s) Service", type: "certificate" },
      { path: "imap.certificate", label: "IMAP(s) Service", type: "certificate" },
      { path: "pop3.certificate", label: "POP3(s) Service", type: "certificate" },
      { path: "smtp.certificate", label: "SMTP(s) Service", type: "certificate" },
      { path: "management.certificate", label: "Management page", type: "certificate",
        hint: "What this page and the API present to browsers, the console and scripts." },
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
