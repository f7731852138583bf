// The status tab (what the appliance is doing now: role, engines, every
// service with every server's health, sessions; drain / ready per server)
// and the services tab (guide chapter 6: the engines the agent runs).

import { el, clear, num, enumWord, formatTime, formatDuration } from "./util.js";

const HEALTH_PREFIX = "SERVER_HEALTH_";

function healthClass(health) {
  return `health h-${enumWord(health, HEALTH_PREFIX).replace(/ /g, "-")}`;
}

function badge(text, kind) {
  return el("span", { class: `badge ${kind || ""}` }, text);
}

function roleBadge(role) {
  const word = enumWord(role || "VRRP_ROLE_DISABLED", "VRRP_ROLE_");
  const kind = { master: "ok", backup: "info", fault: "bad", disabled: "muted" }[word] || "muted";
  return badge(word === "disabled" ? "standalone" : word, kind);
}

function card(title, ...content) {
  return el("div", { class: "card" }, el("h3", {}, title), ...content);
}

function engineState(state) {
  const word = enumWord(state, "ENGINE_STATE_");
  return badge(word, { running: "ok", restarting: "warn", failed: "bad", stopped: "bad" }[word] || "muted");
}

// status: NodeStatus (JSON); config: the running configuration (for the
// list of real servers and their admin states); actions: {setServerState}.
// The tables hold buttons: they are rebuilt only when what they show
// changed, so a status arriving every few seconds never swaps a button away
// under the pointer.
const tablesShown = new WeakMap();

export function renderStatus(root, status, config, actions) {
  if (!status) {
    clear(root);
    tablesShown.delete(root);
    root.appendChild(el("p", { class: "empty" }, "Waiting for the appliance's status…"));
    return;
  }
  let summary = root.querySelector(":scope > .status-summary");
  let tables = root.querySelector(":scope > .status-tables");
  if (!summary || !tables) {
    clear(root);
    summary = root.appendChild(el("div", { class: "status-summary" }));
    tables = root.appendChild(el("div", { class: "status-tables" }));
  }
  renderSummary(clear(summary), status);
  const servers = config ? [config.cas_servers, config.smtp && config.smtp.hub_servers] : [];
  const key = JSON.stringify([status.services, servers, actions.readOnly()]);
  if (tablesShown.get(root) === key) return;
  tablesShown.set(root, key);
  clear(tables);
  tables.appendChild(el("h2", { class: "section" }, "Real servers"));
  tables.appendChild(renderServers(status, config, actions));
  tables.appendChild(el("h2", { class: "section" }, "Services"));
  tables.appendChild(renderServices(status));
}

function renderSummary(root, status) {
  const last = status.last_apply || {};
  const unsaved = status.running_etag && status.saved_etag && status.running_etag !== status.saved_etag;
  const engines = status.engines || [];
  root.appendChild(el("div", { class: "cards" },
    card("Node",
      el("div", { class: "big", id: "status-hostname" }, status.hostname || "—"),
      el("div", { class: "sub" }, `exlb ${status.agent_version || ""} · up ${formatDuration(status.uptime_seconds)}`)),
    card("High availability", el("div", { class: "big", id: "status-role" }, roleBadge(status.vrrp_role))),
    card("Engines", engines.length
      ? el("ul", { class: "plain" }, engines.map((e) => el("li", {}, `${e.name} `, engineState(e.state))))
      : el("div", { class: "sub" }, "none reported")),
    card("Configuration",
      el("div", {}, unsaved ? badge("running not saved", "warn") : badge("saved", "ok")),
      el("div", { class: "sub" }, last.result
        ? `last apply: ${enumWord(last.result, "APPLY_RESULT_")} ${formatTime(last.finished_unix_ms)}` : "no apply yet"),
      last.message ? el("div", { class: "sub" }, last.message) : null)));
  const alarms = status.alarms || [];
  if (alarms.length) {
    root.appendChild(el("div", { class: "alarms" }, alarms.map((a) =>
      el("div", { class: `alarm ${enumWord(a.severity, "ALARM_SEVERITY_")}` },
        el("strong", {}, a.code || "alarm"), " ", a.message || "", " ",
        el("span", { class: "sub" }, `since ${formatTime(a.since_unix_ms)}`)))));
  }
}

// One row per CAS/HUB server of the configuration: its admin state, its
// health in each service, and the drain / ready / maintenance buttons.
function renderServers(status, config, actions) {
  const servers = [
    ...((config && config.cas_servers) || []).map((s) => ({ ...s, kind: "CAS" })),
    ...((config && config.smtp && config.smtp.hub_servers) || []).map((s) => ({ ...s, kind: "HUB" })),
  ];
  if (!servers.length) {
    return el("p", { class: "empty" }, "No CAS or HUB server is configured yet: add them on the config tab.");
  }
  const services = status.services || [];
  const table = el("table", { class: "grid", id: "servers-table" },
    el("thead", {}, el("tr", {},
      ["Server", "Address", "Admin state", "Health per service", "Sessions", ""].map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const server of servers) {
    const seen = [];
    let sessions = 0;
    for (const service of services) {
      for (const s of service.servers || []) {
        if (s.name === server.name) {
          seen.push({ service: service.name, state: s });
          sessions += num(s.current_sessions);
        }
      }
    }
    const admin = enumWord(server.admin_state || "SERVER_ADMIN_STATE_READY", "SERVER_ADMIN_STATE_");
    const buttons = ["ready", "drain", "maint"].map((verb) => el("button", {
      type: "button", class: "small", disabled: actions.readOnly() || admin === verb,
      title: { ready: "Back in rotation", drain: "No new clients; existing ones finish",
        maint: "Out of rotation" }[verb],
      dataset: { server: server.name, verb },
      onclick: () => actions.setServerState(server.name, verb),
    }, verb === "maint" ? "maintenance" : verb));
    body.appendChild(el("tr", { dataset: { server: server.name } },
      el("td", {}, el("strong", {}, server.name || "—"), " ", el("span", { class: "sub" }, server.kind)),
      el("td", { class: "mono" }, server.address || ""),
      el("td", {}, badge(admin, { ready: "ok", drain: "warn", maint: "muted" }[admin] || "muted")),
      el("td", {}, seen.length
        ? el("div", { class: "chips" }, seen.map(({ service, state }) => el("span", {
          class: healthClass(state.health), title: state.last_check ? `last check: ${state.last_check}` : "",
        }, `${service} ${enumWord(state.health, HEALTH_PREFIX)}`)))
        : el("span", { class: "sub" }, "not in any enabled service")),
      el("td", { class: "num" }, String(sessions)),
      el("td", { class: "actions" }, buttons)));
  }
  table.appendChild(body);
  return table;
}

function renderServices(status) {
  const services = status.services || [];
  if (!services.length) return el("p", { class: "empty" }, "No service is balanced yet.");
  const table = el("table", { class: "grid", id: "services-table" },
    el("thead", {}, el("tr", {}, ["Service", "Area", "State", "Servers up", "Sessions", "Total", "Rate /s"]
      .map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const service of services) {
    const servers = service.servers || [];
    const up = servers.filter((s) => s.health === "SERVER_HEALTH_UP").length;
    body.appendChild(el("tr", { dataset: { service: service.name } },
      el("td", {}, el("strong", {}, service.name)),
      el("td", {}, service.area || ""),
      el("td", {}, service.enabled ? badge("enabled", "ok") : badge("disabled", "muted")),
      el("td", {}, servers.length ? badge(`${up} / ${servers.length}`, up === servers.length ? "ok" : up ? "warn" : "bad")
        : el("span", { class: "sub" }, "—")),
      el("td", { class: "num" }, String(num(service.current_sessions))),
      el("td", { class: "num" }, String(num(service.total_sessions))),
      el("td", { class: "num" }, String(num(service.session_rate)))));
  }
  table.appendChild(body);
  return table;
}

// Guide chapter 6: the appliance's services (here: the engines the agent
// supervises) and where they listen.
export function renderEngines(root, status) {
  clear(root);
  const engines = (status && status.engines) || [];
  root.appendChild(el("section", { class: "area" },
    el("header", {}, el("h2", {}, "Engines")),
    engines.length ? el("table", { class: "grid", id: "engines-table" },
      el("thead", {}, el("tr", {}, ["Service", "Status", "PID", "Version", "Started", "Restarts"]
        .map((h) => el("th", {}, h)))),
      el("tbody", {}, engines.map((e) => el("tr", {},
        el("td", {}, el("strong", {}, e.name)),
        el("td", {}, engineState(e.state)),
        el("td", { class: "num" }, e.pid ? String(e.pid) : "—"),
        el("td", {}, e.version || "—"),
        el("td", {}, formatTime(e.started_unix_ms)),
        el("td", { class: "num" }, String(num(e.restarts)))))))
      : el("p", { class: "empty" }, "The appliance reports no engine yet.")));
  const listeners = (status && status.listeners) || [];
  root.appendChild(el("section", { class: "area" },
    el("header", {}, el("h2", {}, "Listeners")),
    listeners.length ? el("table", { class: "grid", id: "listeners-table" },
      el("thead", {}, el("tr", {}, ["Name", "Address", "Port", "Accepting"].map((h) => el("th", {}, h)))),
      el("tbody", {}, listeners.map((l) => el("tr", {},
        el("td", {}, l.name),
        el("td", { class: "mono" }, l.address || "*"),
        el("td", { class: "num" }, String(num(l.port))),
        el("td", {}, l.accepting ? badge("yes", "ok") : badge("no", "bad"))))))
      : el("p", { class: "empty" }, "No listener is open.")));
}
