// The Services tab (guide chapter 6): one row per service with its status
// light (OK green / NOK red), pid, since, restarts, startup mode (auto /
// manual) and its actions. Stopping haproxy stops all traffic: the page asks
// first (actions.act does).

import { el, clear, num, formatTime } from "./util.js";
import { t } from "./i18n.js";

const LIGHTS = {
  SERVICE_RUN_STATE_OK: ["OK", "ok"],
  SERVICE_RUN_STATE_NOK: ["NOK", "bad"],
  SERVICE_RUN_STATE_NOT_USED: ["not used", "muted", "services.not-used"],
  SERVICE_RUN_STATE_PROVIDED: ["OK", "ok"],
};
const VERBS = { start: "services.start", stop: "services.stop", restart: "services.restart", reload: "services.reload" };

function light(row) {
  const [text, kind, key] = LIGHTS[row.status] || ["?", "muted"];
  // data-light keeps the state's key word (OK, NOK...) whatever the language.
  return el("span", { class: `badge ${kind}`, title: row.detail || "", dataset: { light: text } },
    el("span", { class: `dot ${kind}`, "aria-hidden": "true" }), key ? t(key) : text);
}

function startupCell(row, actions) {
  if (!row.startup_changeable) {
    return el("span", { class: "muted" }, row.startup === "STARTUP_MODE_AUTO" ? t("services.auto") : "—");
  }
  const select = el("select", { class: "small", dataset: { startup: row.name }, disabled: actions.readOnly(),
    "aria-label": t("services.startup-of", { name: row.name }) },
  el("option", { value: "STARTUP_MODE_AUTO" }, t("services.auto")),
  el("option", { value: "STARTUP_MODE_MANUAL" }, t("services.manual")));
  select.value = row.startup || "STARTUP_MODE_AUTO";
  select.addEventListener("change", () => actions.setStartup(row, select.value));
  return select;
}

// Start on a running engine, stop or reload on a stopped one: nothing to do.
function pointless(row, verb) {
  const running = row.status === "SERVICE_RUN_STATE_OK";
  return (verb === "start" && running) || ((verb === "stop" || verb === "reload") && !running);
}

// rows: ServiceInfo[]; actions: {readOnly(), act(row, verb), setStartup(row, mode)}
export function renderServices(root, rows, actions) {
  clear(root);
  const body = (rows || []).map((row) => el("tr", { dataset: { service: row.name } },
    el("td", {}, el("strong", {}, row.name),
      row.guide_name && row.guide_name !== row.name ? el("span", { class: "muted" }, t("services.guide-name", { name: row.guide_name })) : null,
      el("div", { class: "sub", dataset: { appliance: "" } }, row.description || "")),
    el("td", {}, light(row), el("div", { class: "sub", dataset: { detail: row.name, appliance: "" } }, row.detail || "")),
    el("td", { class: "num" }, row.pid ? String(row.pid) : "—"),
    el("td", { class: "nowrap" }, formatTime(row.since_unix_ms)),
    el("td", { class: "num" }, String(num(row.restarts))),
    el("td", {}, startupCell(row, actions)),
    el("td", { class: "actions" }, (row.actions || []).map((verb) => el("button", {
      type: "button", class: `small${verb === "stop" ? " danger" : ""}`,
      disabled: actions.readOnly() || pointless(row, verb),
      dataset: { action: verb, service: row.name }, onclick: () => actions.act(row, verb),
    }, VERBS[verb] ? t(VERBS[verb]) : verb)))));
  root.appendChild(el("section", { class: "area" },
    el("header", {}, el("h2", {}, t("services.title")), el("span", { class: "guide-ref" }, "6")),
    el("p", { class: "sub" }, t("services.intro")),
    body.length ? el("table", { class: "grid", id: "services-table" },
      el("thead", {}, el("tr", {}, ["status.col.service", "engines.col.status", "engines.col.pid", "services.col.since",
        "engines.col.restarts", "services.col.startup", "services.col.actions"].map((h) => el("th", {}, t(h))))),
      el("tbody", {}, body))
      : el("p", { class: "empty" }, t("services.reading"))));
}
