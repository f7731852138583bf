// The page's language (guide 7.4, "WUI language": English or French), from
// the running configuration's system.language. What is translated is the
// page's own frame: tabs, the login and password forms, the changes bar, the
// area buttons' states and the dialog's Cancel. Field labels and area titles
// stay the guide's English names, which are what the guide and Microsoft's
// documentation call them; messages from the appliance come as it writes them.

const LANGUAGE_KEY = "exlb.language";

const FRENCH = {
  "status": "état",
  "network": "réseau",
  "config": "config",
  "certificates": "certificats",
  "services": "services",
  "setup": "système",
  "audit": "audit",
  "Log out": "Déconnexion",
  "Discard": "Abandonner",
  "Apply": "Appliquer",
  "Save": "Enregistrer",
  "Cancel": "Annuler",
  "User": "Utilisateur",
  "Password": "Mot de passe",
  "Log in": "Connexion",
  "Exchange load balancer — management": "Répartiteur de charge Exchange — administration",
  "Choose a new password": "Choisissez un nouveau mot de passe",
  "Current password": "Mot de passe actuel",
  "New password": "Nouveau mot de passe",
  "Confirmation": "Confirmation",
  "Change password": "Changer le mot de passe",
  "No change pending.": "Aucune modification en attente.",
  "Validated, not applied:": "Validé, non appliqué :",
  "The running configuration is not saved.": "La configuration en cours n'est pas enregistrée.",
  "edited — validate ✓ or cancel ✗": "modifié — valider ✓ ou annuler ✗",
  "validated, not applied": "validé, non appliqué",
  "live": "en direct",
  "polling": "interrogation",
};

// "LANGUAGE_FRENCH" or "LANGUAGE_ENGLISH"; remembered in this browser so the
// login form of the next visit speaks it too.
let language = localStorage.getItem(LANGUAGE_KEY) || "LANGUAGE_ENGLISH";

export function t(text) {
  return (language === "LANGUAGE_FRENCH" && FRENCH[text]) || text;
}

// Sets the language and translates the static page (elements marked
// data-i18n keep their English text in that attribute). Returns true when
// it changed, so the caller re-renders what JavaScript wrote.
export function setLanguage(value) {
  const next = value === "LANGUAGE_FRENCH" ? "LANGUAGE_FRENCH" : "LANGUAGE_ENGLISH";
  const changed = next !== language;
  language = next;
  localStorage.setItem(LANGUAGE_KEY, next);
  translateStatic();
  return changed;
}

export function translateStatic() {
  document.documentElement.lang = language === "LANGUAGE_FRENCH" ? "fr" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
}
