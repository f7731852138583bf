"""What both web tests (test_web_page.py, test_web_setup.py) check of the
browser, and what they leave behind when a run fails. Python 3 standard
library; `driver` is webdriver.py's ChromeDriver."""
import os


def browser_problems(driver):
    """Script errors and Content-Security-Policy refusals from Chromium's
    console (HTTP 4xx answers the page expects are not problems)."""
    try:
        entries = driver.cmd("POST", "/se/log", {"type": "browser"}) or []
    except Exception as e:  # the log endpoint is chromedriver's own, not W3C
        print(f"   (browser log unavailable: {e})")
        return []
    bad = []
    for entry in entries:
        message = entry.get("message", "")
        if entry.get("level") == "SEVERE" and "Failed to load resource" not in message:
            bad.append(message)
        elif "Content Security Policy" in message or "Refused to" in message:
            bad.append(message)
    return bad


def report_failure(driver, agent, shots, name):
    """After a failed run: a full-page screenshot `<shots>/<name>`, the
    browser's problems and the tail of the agent's log, on stdout (CTest
    keeps it). Never raises: the run's own exception is what matters."""
    if driver:
        try:
            path = os.path.join(shots, name)
            driver.full_screenshot(path)
            print(f"   failure screenshot: {path}")
            for line in browser_problems(driver):
                print(f"   browser: {line}")
        except Exception as e:  # a browser that died with the run
            print(f"   (no screenshot or browser log: {e})")
    if agent:
        try:
            print("---- agent log (tail) ----\n" + agent.tail())
        except Exception as e:
            print(f"   (no agent log: {e})")
