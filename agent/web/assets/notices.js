// Messages under the changes bar (results of apply, save, drain...) and the
// one confirmation dialog for irreversible actions.

import { $, clear, el } from "./util.js";
import { t } from "./i18n.js";

const OK_HIDE_MS = 6000;

// kind: "ok" | "info" | "error". Errors stay until dismissed when sticky.
// A notice with a topic replaces the previous one of that topic, so a
// successful apply takes away the refusal of the one before.
export function notify(kind, text, sticky, topic) {
  const box = $("#notices");
  if (topic) for (const old of box.querySelectorAll(`[data-topic="${topic}"]`)) old.remove();
  const notice = el("div", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status",
    dataset: topic ? { topic } : undefined },
    el("span", {}, text),
    el("button", { type: "button", class: "link dismiss", "aria-label": t("notice.dismiss"),
      onclick: () => notice.remove() }, "×"));
  box.appendChild(notice);
  while (box.children.length > 4) box.removeChild(box.firstChild);
  if (!sticky) setTimeout(() => notice.remove(), kind === "error" ? OK_HIDE_MS * 2 : OK_HIDE_MS);
}

export function clearNotices() {
  clear($("#notices"));
}

// Resolves true when the administrator confirms.
export function confirmDialog(title, text, okLabel) {
  const dialog = $("#confirm-dialog");
  $("#confirm-title").textContent = title;
  $("#confirm-text").textContent = text;
  $("#confirm-ok").textContent = okLabel || t("dialog.ok");
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.showModal();
    $("#confirm-cancel").focus();
  });
}
