// The page's controller: login and the forced password change, the tabs,
// the staged configuration (areas validated ✓ but not applied), Apply and
// Save, and the live status.

import { api, configOf, fileBase64, session, setSessionLostHandler } from "./api.js";
import { AREAS, TABS, areaOfPath } from "./areas.js";
import { LiveFeed } from "./events.js";
import { AreaForm } from "./forms.js";
import { renderEngines, renderStatus } from "./status.js";
import { renderAudit, renderBackup, renderConfiguration, renderInformation, renderPassword } from "./setup.js";
import { renderServices } from "./services.js";
import { SetupScreens } from "./setup_screens.js";
import { setLanguage, t, tEnum, translateStatic } from "./i18n.js";
import { $, clear, clone, download, el, getPath, setPath, enumWord, num } from "./util.js";
import { confirmDialog, notify, clearNotices } from "./notices.js";

const state = {
  user: "",
  readOnly: false,
  running: null,        // {config, etag}: what the appliance runs
  staged: null,         // running + the areas validated ✓ and not applied
  baseEtag: "",         // the running etag `staged` was made from: Apply's If-Match
  stagedAreas: new Set(),
  status: null,
  versions: [],
  forms: new Map(),     // area id -> AreaForm
  tab: "status",
  services: null,       // the Services tab's rows (GET /services)
  system: null,         // GET /system (guide 7.1)
  certificateIds: [],   // the store's identifiers, for the certificate selects
};

const screens = new SetupScreens({
  readOnly: () => state.readOnly,
  certificatesChanged(ids) {
    state.certificateIds = ids;
    for (const form of state.forms.values()) form.setCertificateChoices(ids);
  },
  systemChanged(system) {
    state.system = system;
    renderAll();
  },
});

const feed = new LiveFeed({
  onEvent: handleEvent,
  onStatus: (status) => updateStatus(status),
  onMode: (mode) => {
    const live = $("#live");
    live.className = `live ${mode}`;
    const key = { live: "frame.live", polling: "frame.polling" }[mode];
    if (key) live.dataset.i18n = key;
    else delete live.dataset.i18n;
    live.textContent = key ? t(key) : "";
  },
});

// ---- views ---------------------------------------------------------------

function show(view) {
  for (const id of ["login-view", "password-view", "main-view"]) $(`#${id}`).hidden = id !== view;
}

async function boot() {
  translateStatic();
  setSessionLostHandler((error) => {
    if (error.code === "password-change-required") {
      feed.stop();
      screens.shown("");
      show("password-view");
    } else {
      sessionLost();
    }
  });
  wireLogin();
  wirePasswordForm();
  wireMain();
  if (!session.token) return showLogin();
  try {
    const { body } = await api.whoami();
    await afterLogin(body);
  } catch (e) {
    showLogin();
  }
}

function showLogin(message) {
  feed.stop();
  screens.shown("");
  show("login-view");
  $("#login-message").textContent = message || "";
  $("#login-password").value = "";
  $("#login-user").focus();
}

function sessionLost() {
  session.token = "";
  showLogin(t("login.session-ended"));
}

function wireLogin() {
  $("#login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const user = $("#login-user").value.trim();
    const password = $("#login-password").value;
    $("#login-message").textContent = "";
    $("#login-submit").disabled = true;
    try {
      const { body } = await api.login(user, password);
      session.token = body.token;
      await afterLogin({ ...body, username: body.username || user });
    } catch (e) {
      $("#login-message").textContent = e.status === 429
        ? t("login.throttled") : e.message;
    } finally {
      $("#login-submit").disabled = false;
    }
  });
}

// who: WhoAmIResponse or LoginResponse: {username, role, must_change_password}
async function afterLogin(who) {
  state.user = who.username || "";
  state.readOnly = who.role !== "ROLE_ADMIN";
  if (who.must_change_password) {
    show("password-view");
    $("#pw-old").focus();
    return;
  }
  await enterMain();
}

function wirePasswordForm() {
  $("#password-logout").addEventListener("click", logout);
  $("#password-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = $("#password-message");
    message.textContent = "";
    const oldPassword = $("#pw-old").value;
    const newPassword = $("#pw-new").value;
    if (newPassword !== $("#pw-confirm").value) {
      message.textContent = t("password.mismatch");
      return;
    }
    if (newPassword === oldPassword) {
      message.textContent = t("password.same");
      return;
    }
    $("#password-submit").disabled = true;
    try {
      await changePassword(oldPassword, newPassword);
      $("#password-form").reset();
      await enterMain();
    } catch (e) {
      message.textContent = e.message;
    } finally {
      $("#password-submit").disabled = false;
    }
  });
}

// A password change revokes the account's sessions; when the answer brings
// no new token, log in again with the new password.
async function changePassword(oldPassword, newPassword) {
  const { body } = await api.changePassword(oldPassword, newPassword);
  if (body && body.token) {
    session.token = body.token;
    if (body.role) state.readOnly = body.role !== "ROLE_ADMIN";
    return;
  }
  try {
    await api.whoami();
  } catch (e) {
    if (e.status !== 401) throw e;
    const login = await api.login(state.user || "admin", newPassword);
    session.token = login.body.token;
  }
}

async function logout() {
  try { await api.logout(); } catch (e) { /* the session is dropped here either way */ }
  session.token = "";
  state.forms.clear();
  showLogin();
}

// ---- main view -----------------------------------------------------------

function wireMain() {
  $("#logout").addEventListener("click", logout);
  $("#apply-button").addEventListener("click", apply);
  $("#save-button").addEventListener("click", save);
  $("#discard-button").addEventListener("click", discard);
  const nav = $("#tabs");
  for (const tab of TABS) {
    nav.appendChild(el("button", { type: "button", class: "tab", id: `tabbtn-${tab.id}`, dataset: { tab: tab.id },
      onclick: () => selectTab(tab.id) }, el("span", { class: "tab-label", dataset: { i18n: tab.label } }, t(tab.label)),
    el("span", { class: "tab-count", hidden: true })));
  }
  window.addEventListener("hashchange", () => selectTab(location.hash.slice(1), true));
  window.addEventListener("beforeunload", (event) => {
    if (state.stagedAreas.size || [...state.forms.values()].some((f) => f.dirty)) event.preventDefault();
  });
}

function selectTab(id, fromHash) {
  if (!TABS.some((t) => t.id === id)) id = "status";
  state.tab = id;
  for (const tab of TABS) {
    $(`#tab-${tab.id}`).hidden = tab.id !== id;
    $(`#tabbtn-${tab.id}`).classList.toggle("active", tab.id === id);
  }
  if (!fromHash && location.hash !== `#${id}`) history.replaceState(null, "", `#${id}`);
  if (id === "audit") loadAudit();
  if (id === "setup") loadVersions();
  if (id === "services") loadServices();
  screens.shown(id);
}

async function enterMain() {
  show("main-view");
  clearNotices();
  await loadRunning(true);
  buildForms();
  await screens.build();
  selectTab(location.hash.slice(1));
  renderOnce();
  feed.start();
}

// What is drawn once per login (besides the forms and the setup screens).
function renderOnce() {
  $("#whoami").textContent = state.readOnly ? t("frame.read-only", { user: state.user }) : state.user;
  renderPassword($("#setup-password"), { changePassword });
  renderBackup($("#setup-backup"), { readOnly: () => state.readOnly, exportBackup, importBackup });
}

// The appliance's language changed (guide 7.4): everything JavaScript wrote
// is drawn again in it; edits in progress in the areas are kept.
function redrawInLanguage() {
  const edits = new Map([...state.forms].filter(([, form]) => form.dirty).map(([id, form]) => [id, form.edits()]));
  buildForms();
  for (const [id, values] of edits) state.forms.get(id).restoreEdits(values);
  screens.redraw();
  renderOnce();
  refreshTabCounts();
}

const formContext = {
  staged: () => state.staged,
  readOnly: () => state.readOnly,
  isStaged: (area) => state.stagedAreas.has(area.id),
  stage(area, config) {
    state.staged = config;
    state.stagedAreas.add(area.id);
    reloadOthers(area);
    const form = state.forms.get(area.id);
    form.load(state.staged);
    form.showProblems([]);
    refreshTabCounts();
    updateChangesBar();
  },
  // Back to what the appliance runs, for this area's fields only.
  unstage(area) {
    for (const field of area.fields) {
      if (!field.path) continue;
      const path = area.list && field.path.startsWith(`${area.list}[`) ? area.list : field.path;
      setPath(state.staged, path, clone(getPath(state.running.config, path)));
    }
    state.stagedAreas.delete(area.id);
    reloadOthers(area);
    const form = state.forms.get(area.id);
    form.load(state.staged);
    form.showProblems([]);
    refreshTabCounts();
    updateChangesBar();
  },
  problemsChanged: () => refreshTabCounts(),
};

// A path can be edited in two areas (a service's certificate is also on the
// certificates tab): the other areas, when not being edited, show the
// staged value.
function reloadOthers(area) {
  for (const [id, form] of state.forms) if (id !== area.id && !form.dirty) form.load(state.staged);
}

function buildForms() {
  state.forms.clear();
  for (const panel of ["network", "config"]) clear($(`#tab-${panel}`));
  for (const id of ["setup-areas", "setup-management", "certificates-use"]) clear($(`#${id}`));
  // The config tab is long: an index of its areas, each marked while it is
  // edited, validated or holds a problem.
  $("#tab-config").appendChild(el("nav", { class: "area-index", "aria-label": t("frame.areas") },
    AREAS.filter((a) => a.tab === "config").map((area) => el("button", {
      type: "button", class: "link", dataset: { area: area.id },
      onclick: () => state.forms.get(area.id).node.scrollIntoView({ behavior: "smooth", block: "start" }),
    }, t(area.title)))));
  for (const area of AREAS) {
    const form = new AreaForm(area, formContext);
    state.forms.set(area.id, form);
    const parent = area.container ? $(`#${area.container}`) : area.tab === "setup" ? $("#setup-areas") : $(`#tab-${area.tab}`);
    parent.appendChild(form.node);
    form.load(state.staged);
    form.setCertificateChoices(state.certificateIds);
  }
  $("#tab-network").appendChild(el("div", { id: "network-pair" }));
  updateChangesBar();
}

async function loadRunning(resetStaged) {
  const running = configOf(await api.running());
  state.running = running;
  // The page speaks the language the appliance is set to (guide 7.4).
  const redraw = setLanguage(running.config.system && running.config.system.language) && state.forms.size > 0;
  // With validated changes pending, `staged` keeps the etag it was made
  // from, so applying it over someone else's change is a 409, not a silent
  // overwrite.
  if (resetStaged || !state.stagedAreas.size) {
    state.staged = clone(running.config);
    state.baseEtag = running.etag;
    state.stagedAreas.clear();
    for (const form of state.forms.values()) if (!form.dirty) form.load(state.staged);
  }
  if (redraw) redrawInLanguage();
  renderAll();
}

function renderAll() {
  const config = state.running && state.running.config;
  renderStatus($("#tab-status"), state.status, config, {
    readOnly: () => state.readOnly,
    setServerState,
  });
  renderServices($("#services-rows"), state.services && state.services.services, {
    readOnly: () => state.readOnly, act: serviceAction, setStartup,
  });
  renderEngines($("#services-engines"), state.status);
  renderInformation($("#setup-info"), state.status, state.system, config && config.system && config.system.timezone);
  renderConfiguration($("#setup-configuration"), state.versions, state.status, {
    readOnly: () => state.readOnly, save, rollback, factoryReset,
  });
  const status = state.status || {};
  $("#node-name").textContent = status.hostname || (config && config.network && config.network.hostname) || "";
  const roleValue = status.vrrp_role || "VRRP_ROLE_DISABLED";
  const role = enumWord(roleValue, "VRRP_ROLE_");
  $("#node-role").textContent = tEnum(roleValue, role);
  $("#node-role").className = `badge ${{ master: "ok", backup: "info", fault: "bad" }[role] || "muted"}`;
  updateChangesBar();
}

function updateStatus(status) {
  state.status = status;
  screens.statusMoved();
  if (state.tab === "services") loadServices();
  if (state.running && status.running_etag && status.running_etag !== state.running.etag) {
    loadRunning(false).catch(() => {});
    return;
  }
  renderAll();
}

function handleEvent(event) {
  if (event.status) {
    updateStatus(event.status);
  } else if (event.config_changed) {
    const change = event.config_changed;
    if (change.which === "running" && state.running && change.etag !== state.running.etag) {
      if (change.actor && change.actor !== state.user) {
        notify("info", (change.areas || []).length
          ? t("app.changed-by-areas", { actor: change.actor, areas: change.areas.join(", ") })
          : t("app.changed-by", { actor: change.actor }));
      }
      loadRunning(false).catch(() => {});
      screens.configChanged();
    }
    if (change.which === "saved") loadVersions();
  } else if (event.role_changed) {
    const role = event.role_changed.current;
    notify("info", t("app.role-changed", { role: tEnum(role, enumWord(role, "VRRP_ROLE_")) }));
  } else if (event.alarm) {
    screens.statusMoved();
    // A cleared alarm is good news; only a critical one (split brain, no
    // master) is shown as an error.
    const alarm = event.alarm;
    const kind = alarm.cleared ? "ok" : /CRITICAL/.test(alarm.severity || "") ? "error" : "info";
    notify(kind, alarm.cleared ? t("app.alarm-cleared", { code: alarm.code }) : `${alarm.code}: ${alarm.message}`, false,
      `alarm-${String(alarm.code).replace(/[^A-Za-z0-9-]/g, "")}`);
  }
}

function updateChangesBar() {
  const names = AREAS.filter((a) => state.stagedAreas.has(a.id)).map((a) => t(a.title));
  const status = state.status || {};
  const unsaved = status.running_etag && status.saved_etag && status.running_etag !== status.saved_etag;
  const parts = [];
  if (names.length) parts.push(t("changes.validated", { areas: names.join(", ") }));
  if (unsaved) parts.push(t("changes.unsaved"));
  $("#changes-text").textContent = parts.length ? parts.join(" ") : t("changes.none");
  $("#changes-bar").classList.toggle("pending", names.length > 0);
  $("#apply-button").disabled = state.readOnly || !names.length;
  $("#discard-button").disabled = !names.length;
  $("#save-button").disabled = state.readOnly;
  $("#save-button").classList.toggle("attention", Boolean(unsaved) && !names.length);
}

// ---- changes ---------------------------------------------------------------

async function apply() {
  $("#apply-button").disabled = true;
  clearProblems();
  try {
    const { body } = await api.replaceRunning(state.staged, state.baseEtag);
    const outcome = body.outcome || body.apply || {};
    state.stagedAreas.clear();
    await loadRunning(true);
    screens.configChanged();
    const value = outcome.result || "APPLY_RESULT_APPLIED";
    const result = enumWord(value, "APPLY_RESULT_");
    notify(result === "applied" || result === "pending" ? "ok" : "error",
      `${t("app.apply-outcome", { result: tEnum(value, result) })}${outcome.message && outcome.message.toLowerCase() !== result
        ? ` ${outcome.message}` : ""}`, false, "apply");
    showProblems(body.warnings || body.field_violations || []);
  } catch (e) {
    if (e.status === 409) {
      notify("error", t("app.conflict"), true, "apply");
    } else if (e.status === 422 && e.violations.length) {
      const count = showProblems(e.violations);
      notify("error", t(count === 1 ? "app.refused-one" : "app.refused-many", { message: e.message, count }), true, "apply");
    } else {
      notify("error", t("app.apply-failed", { message: e.message }), true, "apply");
    }
  } finally {
    updateChangesBar();
  }
}

async function discard() {
  state.stagedAreas.clear();
  clearProblems();
  for (const form of state.forms.values()) form.load(state.running.config);
  await loadRunning(true);
}

async function save() {
  try {
    await api.save();
    notify("ok", t("app.saved"));
    const { body } = await api.status();
    updateStatus(body);
    loadVersions();
  } catch (e) {
    notify("error", t("app.save-failed", { message: e.message }), true);
  }
}

async function rollback(version) {
  const ok = await confirmDialog(t("app.rollback-title"),
    t(version.saved_by ? "app.rollback-text-by" : "app.rollback-text", { user: version.saved_by, id: version.id }),
    t("app.rollback-ok"));
  if (!ok) return;
  try {
    await api.rollback(version.id);
    notify("ok", t("app.rolled-back", { id: version.id }));
    await loadRunning(true);
  } catch (e) {
    notify("error", t("app.rollback-failed", { message: e.message }), true);
  }
}

async function factoryReset() {
  const ok = await confirmDialog(t("app.factory-title"), t("app.factory-text"), t("app.factory-ok"));
  if (!ok) return;
  try {
    await api.factoryReset();
    notify("ok", t("app.factory-done"));
    await loadRunning(true);
  } catch (e) {
    notify("error", t("app.factory-failed", { message: e.message }), true);
  }
}

async function setServerState(name, verb) {
  try {
    await api.setServerState(name, verb);
    notify("ok", t("app.server-state", { name, state: t(`status.verb.${verb}`) }));
    await loadRunning(false);
  } catch (e) {
    notify("error", `${name}: ${e.message}`, true);
  }
}

// ---- services and backups ---------------------------------------------------

async function loadServices() {
  try {
    const { body } = await api.services();
    state.services = body;
    renderAll();
  } catch (e) {
    // The table shows what it had.
  }
}

async function serviceAction(row, verb) {
  if (verb === "stop" || verb === "restart") {
    const stop = verb === "stop";
    const args = { name: row.name };
    const ok = await confirmDialog(t(stop ? "services.stop-title" : "services.restart-title", args),
      row.warning || t(stop ? "services.will-stop" : "services.will-restart", args),
      t(stop ? "services.stop-ok" : "services.restart-ok", args));
    if (!ok) return;
  }
  try {
    const { body } = await api.serviceAction(row.name, verb);
    notify(verb === "stop" ? "info" : "ok", `${row.name}: ${body.message}`, false, "service");
  } catch (e) {
    notify("error", `${row.name}: ${e.message}`, true, "service");
  }
  await loadServices();
}

async function setStartup(row, startup) {
  try {
    const { body } = await api.setStartup(row.name, startup);
    notify("ok", `${row.name}: ${body.message}`, false, "service");
    await loadRunning(false);
  } catch (e) {
    notify("error", `${row.name}: ${e.message}`, true, "service");
  }
  await loadServices();
}

async function exportBackup(passphrase) {
  const { body } = await api.exportBackup(passphrase);
  const bytes = Uint8Array.from(atob(body.backup || ""), (c) => c.charCodeAt(0));
  download(body.file_name || "exlb.exlbbak", bytes, "application/octet-stream");
  return t("backup.saved", { file: body.file_name, certificates: num(body.certificates), licenses: num(body.licenses) });
}

async function importBackup(file, passphrase) {
  const ok = await confirmDialog(t("backup.restore-title"), t("backup.restore-text"), t("backup.restore"));
  if (!ok) return "";
  const { body } = await api.importBackup(await fileBase64(file), passphrase);
  await loadRunning(true);
  loadVersions();
  return body.message;
}

async function loadVersions() {
  try {
    const { body } = await api.versions();
    state.versions = body.versions || [];
    renderAll();
  } catch (e) {
    // The configuration card shows what it has.
  }
}

async function loadAudit() {
  try {
    const { body } = await api.audit();
    renderAudit($("#tab-audit"), body.entries || [], body.truncated, loadAudit);
  } catch (e) {
    notify("error", t("app.audit-unreadable", { message: e.message }));
  }
}

// ---- problems --------------------------------------------------------------

function clearProblems() {
  for (const form of state.forms.values()) form.showProblems([]);
  refreshTabCounts();
}

// Each tab shows how many errors its areas hold, so a problem on another
// tab than the one in view is not missed.
function refreshTabCounts() {
  for (const link of document.querySelectorAll(".area-index button")) {
    const form = state.forms.get(link.dataset.area);
    if (!form) continue;   // still being built
    const node = form.node;
    link.className = `link ${["has-errors", "dirty", "staged"].find((c) => node.classList.contains(c)) || ""}`;
  }
  for (const tab of TABS) {
    const count = document.querySelectorAll(`#tab-${tab.id} li.error`).length;
    const badge = $(`#tabbtn-${tab.id} .tab-count`);
    badge.textContent = String(count);
    badge.hidden = count === 0;
  }
}

// Sends each problem to the area that owns its path; returns how many.
function showProblems(violations) {
  const byArea = new Map();
  const orphans = [];
  for (const v of violations) {
    const sharing = [...state.forms.values()].filter((f) => f.inputs.has(v.path || ""));
    for (const form of sharing.slice(1)) {
      if (!byArea.has(form.area.id)) byArea.set(form.area.id, []);
      byArea.get(form.area.id).push(v);
    }
    const area = sharing.length ? sharing[0].area : areaOfPath(v.path || "");
    if (!area) { orphans.push(v); continue; }
    if (!byArea.has(area.id)) byArea.set(area.id, []);
    byArea.get(area.id).push(v);
  }
  for (const [id, list] of byArea) state.forms.get(id).showProblems(list);
  refreshTabCounts();
  for (const v of orphans) notify("error", `${v.path ? `${v.path}: ` : ""}${v.description}`, true);
  return violations.length;
}

boot();
