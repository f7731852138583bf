// The status tab (what the appliance is doing now: role, engines, every
// service with every server's health, sessions; drain / ready per server)
// and the services tab (guide chapter 6: the engines the agent runs).

import { el, clear, num, enumWord, formatTime, formatDuration } from "./util.js";
import { t, tEnum } from "./i18n.js";

const HEALTH_PREFIX = "SERVER_HEALTH_";

// An enum value as the page shows it (the class names keep enumWord's English).
function word(value, prefix) {
  return tEnum(value, enumWord(value, prefix));
}

function healthClass(health) {
  return `health h-${enumWord(health, HEALTH_PREFIX).replace(/ /g, "-")}`;
}

function badge(text, kind) {
  return el("span", { class: `badge ${kind || ""}` }, text);
}

function roleBadge(role) {
  const value = role || "VRRP_ROLE_DISABLED";
  const kind = { master: "ok", backup: "info", fault: "bad", disabled: "muted" }[enumWord(value, "VRRP_ROLE_")] || "muted";
  return badge(word(value, "VRRP_ROLE_"), kind);
}

function card(title, ...content) {
  return el("div", { class: "card" }, el("h3", {}, title), ...content);
}

function engineState(state) {
  const kind = { running: "ok", restarting: "warn", failed: "bad", stopped: "bad" }[enumWord(state, "ENGINE_STATE_")];
  return badge(word(state, "ENGINE_STATE_"), kind || "muted");
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
    root.appendChild(el("p", { class: "empty" }, t("status.waiting")));
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
  const key = JSON.stringify([status.services, servers, actions.readOnly(), t("status.real-servers")]);
  if (tablesShown.get(root) === key) return;
  tablesShown.set(root, key);
  clear(tables);
  tables.appendChild(el("h2", { class: "section" }, t("status.real-servers")));
  tables.appendChild(renderServers(status, config, actions));
  tables.appendChild(el("h2", { class: "section" }, t("status.services")));
  tables.appendChild(renderServices(status));
}

function renderSummary(root, status) {
  const last = status.last_apply || {};
  const unsaved = status.running_etag && status.saved_etag && status.running_etag !== status.saved_etag;
  const engines = status.engines || [];
  root.appendChild(el("div", { class: "cards" },
    card(t("status.node"),
      el("div", { class: "big", id: "status-hostname" }, status.hostname || "—"),
      el("div", { class: "sub" }, t("status.node-sub", { version: status.agent_version || "",
        uptime: formatDuration(status.uptime_seconds) }))),
    card(t("status.high-availability"), el("div", { class: "big", id: "status-role" }, roleBadge(status.vrrp_role)),
      // Present only while the agent's nftables VRRP filter is in place (a paired node).
      status.vrrp_filter ? el("div", { class: "sub", id: "status-vrrp-filter" }, t("status.vrrp-filter", {
        dropped: num(status.vrrp_filter.dropped_adverts), peer: num(status.vrrp_filter.peer_adverts) })) : null,
      // The pair's stick tables: TLS normally, clear until the pair channel met the peer.
      status.stick_replication === "STICK_REPLICATION_TLS"
        ? el("div", { class: "sub", id: "status-stick-replication" }, t("status.stick-replication-tls"))
        : status.stick_replication === "STICK_REPLICATION_CLEAR"
          ? el("div", { class: "sub", id: "status-stick-replication" }, badge(t("status.stick-replication-clear"), "warn"))
          : null,
      // Someone other than the peer tried the stick-table replication port.
      status.vrrp_filter && num(status.vrrp_filter.dropped_replication) > 0
        ? el("div", { class: "sub", id: "status-replication-filter" }, t("status.replication-filter", {
          dropped: num(status.vrrp_filter.dropped_replication) })) : null),
    card(t("status.engines"), engines.length
      ? el("ul", { class: "plain" }, engines.map((e) => el("li", {}, `${e.name} `, engineState(e.state))))
      : el("div", { class: "sub" }, t("status.none-reported"))),
    card(t("status.configuration"),
      el("div", {}, unsaved ? badge(t("status.running-not-saved"), "warn") : badge(t("status.saved"), "ok")),
      el("div", { class: "sub" }, last.result
        ? t("status.last-apply", { result: word(last.result, "APPLY_RESULT_"), time: formatTime(last.finished_unix_ms) })
        : t("status.no-apply")),
      last.message ? el("div", { class: "sub", dataset: { appliance: "" } }, last.message) : null)));
  const alarms = status.alarms || [];
  if (alarms.length) {
    root.appendChild(el("div", { class: "alarms" }, alarms.map((a) =>
      el("div", { class: `alarm ${enumWord(a.severity, "ALARM_SEVERITY_")}` },
        el("strong", {}, a.code || "alarm"), " ", el("span", { dataset: { appliance: "" } }, a.message || ""), " ",
        el("span", { class: "sub" }, t("status.alarm-since", { time: formatTime(a.since_unix_ms) }))))));
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
    return el("p", { class: "empty" }, t("status.no-servers"));
  }
  const services = status.services || [];
  const table = el("table", { class: "grid", id: "servers-table" },
    el("thead", {}, el("tr", {},
      ["status.col.server", "status.col.address", "status.col.admin-state", "status.col.health", "status.col.sessions"]
        .map((h) => el("th", {}, t(h))).concat(el("th")))));
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
    const adminValue = server.admin_state || "SERVER_ADMIN_STATE_READY";
    const admin = enumWord(adminValue, "SERVER_ADMIN_STATE_");
    const buttons = ["ready", "drain", "maint"].map((verb) => el("button", {
      type: "button", class: "small", disabled: actions.readOnly() || admin === verb,
      title: t(`status.verb-title.${verb}`),
      dataset: { server: server.name, verb },
      onclick: () => actions.setServerState(server.name, verb),
    }, t(`status.verb.${verb}`)));
    body.appendChild(el("tr", { dataset: { server: server.name } },
      el("td", {}, el("strong", {}, server.name || "—"), " ", el("span", { class: "sub" }, server.kind)),
      el("td", { class: "mono" }, server.address || ""),
      el("td", {}, badge(word(adminValue, "SERVER_ADMIN_STATE_"), { ready: "ok", drain: "warn", maint: "muted" }[admin] || "muted")),
      el("td", {}, seen.length
        ? el("div", { class: "chips" }, seen.map(({ service, state }) => el("span", {
          class: healthClass(state.health), title: state.last_check ? t("status.last-check", { check: state.last_check }) : "",
        }, `${service} ${word(state.health, HEALTH_PREFIX)}`)))
        : el("span", { class: "sub" }, t("status.no-enabled-service"))),
      el("td", { class: "num" }, String(sessions)),
      el("td", { class: "actions" }, buttons)));
  }
  table.appendChild(body);
  return table;
}

function renderServices(status) {
  const services = status.services || [];
  if (!services.length) return el("p", { class: "empty" }, t("status.no-service"));
  const table = el("table", { class: "grid", id: "services-table" },
    el("thead", {}, el("tr", {}, ["status.col.service", "status.col.area", "status.col.state", "status.col.servers-up",
      "status.col.sessions", "status.col.total", "status.col.rate"].map((h) => el("th", {}, t(h))))));
  const body = el("tbody");
  for (const service of services) {
    const servers = service.servers || [];
    const up = servers.filter((s) => s.health === "SERVER_HEALTH_UP").length;
    body.appendChild(el("tr", { dataset: { service: service.name } },
      el("td", {}, el("strong", {}, service.name)),
      el("td", {}, service.area || ""),
      el("td", {}, service.enabled ? badge(t("status.enabled"), "ok") : badge(t("status.disabled"), "muted")),
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
    el("header", {}, el("h2", {}, t("status.engines"))),
    engines.length ? el("table", { class: "grid", id: "engines-table" },
      el("thead", {}, el("tr", {}, ["status.col.service", "engines.col.status", "engines.col.pid", "engines.col.version",
        "engines.col.started", "engines.col.restarts"].map((h) => el("th", {}, t(h))))),
      el("tbody", {}, engines.map((e) => el("tr", {},
        el("td", {}, el("strong", {}, e.name)),
        el("td", {}, engineState(e.state)),
        el("td", { class: "num" }, e.pid ? String(e.pid) : "—"),
        el("td", {}, e.version || "—"),
        el("td", {}, formatTime(e.started_unix_ms)),
        el("td", { class: "num" }, String(num(e.restarts)))))))
      : el("p", { class: "empty" }, t("engines.none"))));
  const listeners = (status && status.listeners) || [];
  root.appendChild(el("section", { class: "area" },
    el("header", {}, el("h2", {}, t("listeners.title"))),
    listeners.length ? el("table", { class: "grid", id: "listeners-table" },
      el("thead", {}, el("tr", {}, ["listeners.col.name", "status.col.address", "listeners.col.port", "listeners.col.accepting"]
        .map((h) => el("th", {}, t(h))))),
      el("tbody", {}, listeners.map((l) => el("tr", {},
        el("td", {}, l.name),
        el("td", { class: "mono" }, l.address || "*"),
        el("td", { class: "num" }, String(num(l.port))),
        el("td", {}, l.accepting ? badge(t("word.yes"), "ok") : badge(t("word.no"), "bad"))))))
      : el("p", { class: "empty" }, t("listeners.none"))));
}
