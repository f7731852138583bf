// Small helpers shared by the page's modules. Everything the page shows goes
// through el()/text nodes: data is never parsed as HTML (no innerHTML), so a
// host name like "<img onerror=...>" is shown, not run.

import { t } from "./i18n.js";

// el("div", {class: "x", onclick: fn, dataset: {path: "a"}}, child, "text", ...)
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function $(selector, root) {
  return (root || document).querySelector(selector);
}

export function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

// Paths are the validation's: "network.gateway", "cas_servers[1].address".
export function parsePath(path) {
  const parts = [];
  for (const piece of path.split(".")) {
    const match = /^([A-Za-z0-9_]+)((?:\[\d+\])*)$/.exec(piece);
    if (!match) return null;
    parts.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

export function getPath(object, path) {
  let node = object;
  for (const part of parsePath(path) || []) {
    if (node === undefined || node === null) return undefined;
    node = node[part];
  }
  return node;
}

export function setPath(object, path, value) {
  const parts = parsePath(path);
  let node = object;
  for (let i = 0; i < parts.length - 1; i++) {
    if (node[parts[i]] === undefined || node[parts[i]] === null) {
      node[parts[i]] = typeof parts[i + 1] === "number" ? [] : {};
    }
    node = node[parts[i]];
  }
  node[parts[parts.length - 1]] = value;
}

// protobuf's JSON mapping writes 64-bit integers as strings and leaves out
// fields at their zero value: read numbers through this.
export function num(value) {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export function formatTime(unixMs) {
  const n = num(unixMs);
  if (!n) return "—";
  const d = new Date(n);
  const pad = (v) => String(v).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDuration(seconds) {
  let s = Math.max(0, Math.floor(num(seconds)));
  const days = Math.floor(s / 86400); s -= days * 86400;
  const hours = Math.floor(s / 3600); s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  if (days) return t("time.days", { d: days, h: hours });
  if (hours) return t("time.hours", { h: hours, m: minutes });
  return t("time.minutes", { m: minutes, s: s - minutes * 60 });
}

// "SERVER_HEALTH_UP" -> "up", "MAIL_MODE_CLEAR_AND_SSL_OFFLOAD" -> "clear and ssl offload"
export function enumWord(value, prefix) {
  if (!value) return "—";
  let word = String(value);
  if (prefix && word.startsWith(prefix)) word = word.slice(prefix.length);
  return word.toLowerCase().replace(/_/g, " ");
}

// ---- shared by the setup screens ----

export function formatDay(unixSeconds) {
  const n = num(unixSeconds);
  if (!n) return "—";
  return new Date(n * 1000).toISOString().slice(0, 10);
}

export function field(label, id, control, hint) {
  return el("div", { class: "field" }, el("label", { for: id }, label),
    el("div", { class: "control" }, control, hint ? el("div", { class: "hint" }, hint) : null));
}

export function say(node, kind, text) {
  node.className = `form-message ${kind}`;
  node.textContent = text;
}

// Offers `data` (text or bytes) as a file download: a CSR, a license
// request, a backup.
export function download(fileName, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type: type || "text/plain" }));
  const link = el("a", { href: url, download: fileName, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
