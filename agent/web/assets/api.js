// The agent's management API (/api/v1/, JSON in protobuf's mapping).
//
// The session token lives in sessionStorage and travels in the Authorization
// header only, never in a cookie: another site cannot make the browser send
// it, which is the page's defence against cross-site request forgery.

import { t } from "./i18n.js";

const TOKEN_KEY = "exlb.token";

export class ApiError extends Error {
  constructor(status, body) {
    const message = (body && body.message) || t("api.answered", { status });
    super(message);
    this.status = status;
    this.code = (body && body.code) || "";
    this.violations = (body && body.field_violations) || [];
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY) || ""; },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

// Called with the ApiError when a request finds the session gone (401) or
// the factory password still in place (403 "password-change-required"), so
// the page can show the right form wherever the request came from.
let onSessionLost = () => {};
export function setSessionLostHandler(handler) { onSessionLost = handler; }

// Returns {body, etag}; throws ApiError for any non-2xx answer and a plain
// Error when the appliance cannot be reached.
export async function request(method, path, body, headers) {
  const init = { method, headers: { Accept: "application/json", ...(headers || {}) }, cache: "no-store" };
  if (session.token) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1/${path}`, init);
  } catch (e) {
    throw new Error(t("api.unreachable"));
  }
  const text = await response.text();
  let parsed = {};
  if (text) {
    try { parsed = JSON.parse(text); } catch (e) { parsed = { message: text.slice(0, 200) }; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed);
    // A wrong password on login or on a password change is a 401 of its own,
    // not a lost session.
    if ((response.status === 401 && path !== "login" && path !== "password") ||
        (response.status === 403 && error.code === "password-change-required" && path !== "password")) {
      onSessionLost(error);
    }
    throw error;
  }
  return { body: parsed, etag: response.headers.get("ETag") || "" };
}

export const api = {
  login: (username, password) => request("POST", "login", { username, password }),
  logout: () => request("POST", "logout", {}),
  whoami: () => request("GET", "whoami"),
  changePassword: (oldPassword, newPassword) =>
    request("POST", "password", { current_password: oldPassword, new_password: newPassword }),
  running: () => request("GET", "config/running"),
  saved: () => request("GET", "config/saved"),
  replaceRunning: (config, etag) =>
    request("PUT", "config/running", { config, etag }, etag ? { "If-Match": quoted(etag) } : {}),
  save: () => request("POST", "config/save", {}),
  versions: () => request("GET", "config/versions"),
  rollback: (versionId) => request("POST", "config/rollback", { version_id: versionId }),
  factoryReset: () => request("POST", "config/factory-reset", {}),
  status: () => request("GET", "status"),
  setServerState: (name, verb) => request("POST", `servers/${encodeURIComponent(name)}/${verb}`, {}),
  audit: () => request("GET", "audit"),
  services: () => request("GET", "services"),
  serviceAction: (name, verb) => request("POST", `services/${encodeURIComponent(name)}/${verb}`, {}),
  setStartup: (name, startup) => request("PUT", `services/${encodeURIComponent(name)}/startup`, { startup }),
  exportBackup: (passphrase) => request("POST", "setup/backup/export", { passphrase }),
  importBackup: (backup, passphrase) => request("POST", "setup/backup/import", { backup, passphrase }),
  // Setup (docs/setup.md): certificates, licenses, system, firmware; the pair.
  certificates: () => request("GET", "certificates"),
  uploadCertificate: (id, file, password, replace) =>
    request("POST", "certificates", { id, file, password, replace }),
  selfSigned: (id, hostName, replace) =>
    request("POST", "certificates/self-signed", { id, host_name: hostName, replace }),
  certificateRequest: (body) => request("POST", "certificates/request", body),
  deleteCertificate: (id) => request("DELETE", `certificates/${encodeURIComponent(id)}`),
  licenses: () => request("GET", "licenses"),
  addLicense: (license) => request("POST", "licenses", { license }),
  deleteLicense: (serial) => request("DELETE", `licenses/${encodeURIComponent(serial)}`),
  licenseRequest: () => request("GET", "licenses/request"),
  system: () => request("GET", "system"),
  firmware: () => request("GET", "firmware"),
  reboot: () => request("POST", "firmware/reboot", {}),
  pairStatus: () => request("GET", "pair/status"),
  haIdentity: () => request("GET", "ha/identity"),
  handover: (take) => request("POST", "ha/handover", { take: Boolean(take) }),
};

// A file's bytes as base64 (the JSON mapping of a protobuf `bytes` field).
export async function fileBase64(file) {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return btoa(binary);
}

// POST of a file's raw bytes (application/octet-stream) with upload progress,
// which fetch() cannot report: XMLHttpRequest, the same bearer header and the
// same error shape as request(). onProgress(sentBytes, totalBytes).
export function uploadBytes(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/${path}`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    if (session.token) xhr.setRequestHeader("Authorization", `Bearer ${session.token}`);
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); });
    xhr.addEventListener("error", () => reject(new Error(t("api.upload-cut"))));
    xhr.addEventListener("load", () => {
      let parsed = {};
      try { parsed = xhr.responseText ? JSON.parse(xhr.responseText) : {}; } catch (e) {
        parsed = { message: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve({ body: parsed, etag: "" });
      else {
        const error = new ApiError(xhr.status, parsed);
        if (xhr.status === 401) onSessionLost(error);
        reject(error);
      }
    });
    xhr.send(file);
  });
}

// An entity tag as HTTP writes it ("abc"), whichever form the body gave.
function quoted(etag) {
  return etag.startsWith('"') || etag.startsWith('W/"') ? etag : `"${etag}"`;
}

// The body of a config response: {config, etag} or the bare configuration.
export function configOf(response) {
  const body = response.body || {};
  const config = body.config || body;
  const etag = body.etag || response.etag;
  return { config, etag };
}
