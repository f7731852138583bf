"""The web page in French (guide 7.4): which English texts of the page's own
dictionary (agent/web/assets/i18n.js) are still shown. Python 3 standard
library; `driver` is webdriver.py's ChromeDriver on a page already in French.

The dictionary is read from the page itself (a dynamic import of the same
module the page runs), so the check follows i18n.js as it grows. A text
counts as English when it equals an entry's English text whose French
differs, or whose French is missing (a dropped translation shows English):
whole text nodes, elements holding only text, and the chosen option of each
select box. What the appliance itself wrote (elements marked data-appliance:
a service's detail, an alarm's message) is its own and skipped. Entries with {placeholders} are matched as patterns when enough
of them is fixed words to tell them from an appliance's value.
"""

SCAN = r"""
const done = arguments[arguments.length - 1];
import("/i18n.js").then(({ dictionary }) => {
  const exact = new Map();
  const patterns = [];
  // An English text that is also a French one ("active", "Configuration") tells nothing.
  const french = new Set(Object.values(dictionary()).map(([, fr]) => (fr || "").trim()));
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const [key, [en, fr]] of Object.entries(dictionary())) {
    if (fr && fr === en) continue;   // the same in both languages (Options, PID, OK...)
    if (/\{\w+\}/.test(en)) {
      if (en.replace(/\{\w+\}/g, "").replace(/[^A-Za-z]/g, "").length < 8) continue;
      patterns.push([key, new RegExp("^" + en.trim().split(/\{\w+\}/).map(escape).join("[\\s\\S]+?") + "$")]);
    } else if (!french.has(en.trim())) {
      exact.set(en.trim(), key);
    }
  }
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const found = new Map();
  const check = (text, where) => {
    text = text.replace(/\s+/g, " ").trim();
    if (!text) return;
    let key = exact.get(text);
    if (!key) for (const [k, re] of patterns) if (re.test(text)) { key = k; break; }
    if (key) found.set(`${key}: "${text}" (${where})`, true);
  };
  const describe = (el) => el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}${el.className ? "." +
    String(el.className).trim().split(/\s+/).join(".") : ""}`;
  const root = document.querySelector("#main-view");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("select, option, script, style, [data-appliance]") || !shown(parent)) continue;
    check(node.textContent, describe(parent));
  }
  for (const el of root.querySelectorAll("*")) {
    if (el.closest("select, [data-appliance]") || !shown(el) || !el.childNodes.length) continue;
    if ([...el.childNodes].every((n) => n.nodeType === Node.TEXT_NODE)) check(el.textContent, describe(el));
  }
  for (const select of root.querySelectorAll("select")) {
    if (shown(select) && select.selectedIndex >= 0) check(select.options[select.selectedIndex].text, describe(select));
  }
  done({ texts: [...found.keys()], entries: exact.size + patterns.length });
}).catch((e) => done({ error: String(e) }));
"""


def english_left(driver):
    """The English texts of the dictionary visible now in the main view, as
    'key: "text" (element)' lines, and how many entries were looked for."""
    answer = driver.execute_async(SCAN)
    if "error" in answer:
        raise AssertionError(f"the dictionary could not be read: {answer['error']}")
    return answer["texts"], answer["entries"]


TABS = ("status", "network", "config", "certificates", "services", "setup", "audit")


def french_page(scenario):
    """After system.language was applied as French (test_web_setup.py's
    SetupScenario): labels, buttons, a confirmation and a field's problem in
    French, then no English text of the dictionary on any tab."""
    d = scenario.d
    scenario.step("French (7.4): labels, buttons, a confirmation and a field's problem in French")
    d.click("#tabbtn-network")
    scenario.wait_text('#area-network-settings [data-field="network.hostname"] label',
                       lambda t: t == "Nom d'hôte", "the Hostname label in French")
    expected = {
        '#area-network-settings h2': "Réseau local — Paramètres",
        '#area-network-settings [data-field="network.gateway"] label': "Passerelle",
        '#area-high-availability [data-field="high_availability.role"] label': "Rôle",
        '#area-cas-servers h2': "Serveurs CAS",
        '#area-http [data-field="http.timeout_seconds"] .unit': "secondes",
        '#area-system [data-field="system.timezone"] label': "Fuseau horaire",
        '#area-system [data-field="system.timezone"] .hint': "Un nom IANA comme UTC ou Europe/Paris.",
        "#tabbtn-status .tab-label": "état",
        "#discard-button": "Abandonner",
        "#setup-factory-reset": "R. Usine",
        "#backup-export": "Exporter la sauvegarde",
        "#cert-csr-generate": "Générer la clé et la demande",
        "#license-add": "Ajouter",
    }
    for css, text in expected.items():
        assert d.text(css) == text, f"{css}: {d.text(css)!r}, not {text!r}"
    selected = d.execute("const s = document.querySelector('#area-system [data-path=\"system.language\"]');"
                         "return s.options[s.selectedIndex].text;")
    assert selected == "Français", selected

    # A problem the page finds itself, next to its field, in French; ✗ puts the value back.
    address = '#area-network-settings [data-path="network.address"]'
    d.find(address).set("198.18.0.300")
    d.click("#area-network-settings button.validate")
    problem = scenario.wait_text('#area-network-settings [data-field="network.address"] ul.problems',
                                 lambda t: t.strip() != "", "the address's problem")
    assert problem == "« 198.18.0.300 » n'est pas une adresse IPv4 (comme 10.0.0.15).", problem
    assert d.text("#area-network-settings .area-state") == "modifié — valider ✓ ou annuler ✗"
    d.click("#area-network-settings button.cancel")
    d.wait(lambda: d.find(address).prop("value") != "198.18.0.300", 5, "✗ to restore the address")

    # A confirmation in French; cancelled, it changes nothing.
    d.click("#tabbtn-setup")
    d.click("#setup-factory-reset")
    d.wait(lambda: d.execute("return document.querySelector('#confirm-dialog').open;"), 5, "the dialog")
    assert d.text("#confirm-title") == "Revenir aux réglages d'usine ?", d.text("#confirm-title")
    assert d.text("#confirm-text").startswith("La configuration en cours est remplacée par celle d'usine"), \
        d.text("#confirm-text")
    assert d.text("#confirm-ok") == "Revenir aux réglages d'usine" and d.text("#confirm-cancel") == "Annuler"
    d.click("#confirm-cancel")
    d.wait(lambda: not d.execute("return document.querySelector('#confirm-dialog').open;"), 5, "the dialog closed")

    scenario.step("French: no visible text of the page's dictionary is left in English, on any tab")
    left = []
    for tab in TABS:
        d.click(f"#tabbtn-{tab}")
        d.wait(lambda: d.visible(f"#tab-{tab}"), 5, f"the {tab} tab")
        if tab == "services":
            d.find("#services-table", 15)
        if tab == "audit":
            d.find("#audit-table", 15)
        texts, entries = english_left(d)
        left += [f"{tab}: {text}" for text in texts]
    print(f"   {entries} English texts and patterns looked for on {len(TABS)} tabs")
    assert not left, "English left in French mode:\n" + "\n".join(left)
