#!/usr/bin/env python3
"""The HA lab without privilege: test_ha_pair.py run as an unprivileged user
must print why it cannot run and exit 77 (CTest: skipped), never pass.

When this test itself is not root it cannot switch users: it then runs the
lab test as it is, which must also end in 77.
"""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP_CODE = 77


def main():
    # Debian's interpreter: a per-user one (pyenv under /root) is not
    # readable by the unprivileged user.
    python = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable
    argv = [python, os.path.join(HERE, "test_ha_pair.py")]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            print("SKIPPED: setpriv (util-linux) is missing, cannot drop privileges")
            return SKIP_CODE
        argv = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", *argv]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=50, cwd="/")
    out = r.stdout + r.stderr
    print(out)
    if r.returncode != SKIP_CODE or "SKIPPED:" not in out:
        print(f"FAIL: expected exit {SKIP_CODE} with a reason, got {r.returncode}")
        return 1
    if os.geteuid() != 0:
        return SKIP_CODE  # we proved the skip path, but the lab itself did not run here
    print("ok: unprivileged run skipped with a reason")
    return 0


if __name__ == "__main__":
    sys.exit(main())
