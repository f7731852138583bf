#!/usr/bin/env python3
"""The lab: exlb in front of mock Exchange servers, all on loopback.

Starts 3 mock CAS servers (127.0.0.11-13) and 2 mock HUB servers
(127.0.0.21-22), writes a lab configuration (the factory configuration on
127.0.0.1 with unprivileged ports, every service on, IMAP/POP3/SMTP in
clear + ssl-offload), starts exlb-agent with its own data and run dirs under
<build>/lab/, prints what to try, and stops everything on Ctrl-C.

    python3 tests/lab/run_lab.py --build build
"""

import argparse
import json
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import dataplane_lab as dl  # noqa: E402

lab = dl.lab


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(dl.TOP, "build"), help="build folder")
    parser.add_argument("--listen", default="127.0.0.1:4444", help="management API ADDR:PORT")
    parser.add_argument("--cas", type=int, default=3)
    parser.add_argument("--hub", type=int, default=2)
    args = parser.parse_args()

    agent_bin = dl.find_agent(os.path.abspath(args.build))
    workdir = os.path.join(os.path.abspath(args.build), "lab")
    os.makedirs(workdir, exist_ok=True)
    # Ctrl-C is ours: the children below are stopped in order in `finally`.
    stop = {"now": False}

    def on_signal(signum, frame):
        stop["now"] = True

    servers = []
    agent = None
    try:
        servers = lab.start_lab(cas=args.cas, hub=args.hub)
        cas = [s for s in servers if s.name.startswith("cas")]
        hub = [s for s in servers if s.name.startswith("hub")]
        config = dl.lab_config(agent_bin, cas, hub)
        mgmt_port = int(args.listen.rsplit(":", 1)[1])
        config["management"]["port"] = mgmt_port or 4444
        agent = dl.Agent(agent_bin, workdir, config, listen=args.listen, echo=True)
        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        print_guide(agent, cas, hub, workdir)
        while not stop["now"] and agent.proc.poll() is None:
            time.sleep(0.5)
        if agent.proc.poll() is not None:
            print(f"\nthe agent exited ({agent.proc.returncode}); see {agent.log_path}", file=sys.stderr)
            return 1
        print("\nstopping the lab...", file=sys.stderr)
        return 0
    finally:
        if agent:
            agent.stop()
        lab.stop_all(servers)


def print_guide(agent, cas, hub, workdir):
    p = dl.LAB_PORTS
    h = dl.HOST_NAME
    api = f"https://127.0.0.1:{agent.api_port}/"
    print(f"""
==============================================================================
 exlb lab is running: HAProxy (supervised by exlb-agent) on 127.0.0.1
   CAS: {", ".join(f"{s.name} {s.address}" for s in cas)}
   HUB: {", ".join(f"{s.name} {s.address}" for s in hub)}

 Management page and API:  {api}   (admin / admin, change it at first login)

 Try:
   curl -sk --resolve {h}:{p['https']}:127.0.0.1 https://{h}:{p['https']}/owa/ -D- -o-
   curl -s  http://127.0.0.1:{p['redirect']}/owa/ -D- -o /dev/null        # redirect to https
   curl -sk --resolve {h}:{p['https']}:127.0.0.1 https://{h}:{p['https']}/powershell/ -D-  # refused (disabled)
   curl -sk --resolve {h}:{p['https']}:127.0.0.1 https://{h}:{p['https']}/Microsoft-Server-ActiveSync -D-
   socat - TCP:127.0.0.1:{p['imap']}            # IMAP greeting from a CAS     (IMAPS: {p['imaps']})
   socat - TCP:127.0.0.1:{p['pop3']}            # POP3                         (POP3S: {p['pop3s']})
   socat - TCP:127.0.0.1:{p['smtp']}            # SMTP from a HUB              (SMTPS: {p['smtps']})
   socat - TCP:127.0.0.1:{p['rpc_epm']}            # RPC endpoint mapper (also {p['rpc_ca']}, {p['rpc_ab']})
   openssl s_client -connect 127.0.0.1:{p['imaps']} -quiet   # TLS offloaded IMAP

 Live state:
   echo "show stat" | socat - UNIX:{agent.run_dir}/haproxy.sock | cut -d, -f1,2,18 | column -ts,
   curl -sk {api}api/v1/status  (after logging in: see docs/api.md)
 Break things (mock control ports):
   curl -s "http://{cas[0].address}:{cas[0].info['control']}/fault?service=all&mode=fail"   # cas1 fails
   curl -s "http://{cas[0].address}:{cas[0].info['control']}/reset"
 Change the configuration: edit {agent.config_path} then
   kill -HUP {agent.proc.pid}

 Files: {workdir}/  (data/, run/haproxy.cfg, agent.log)
 Ctrl-C stops everything.
==============================================================================
""", flush=True)


if __name__ == "__main__":
    sys.exit(main())
