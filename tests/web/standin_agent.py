#!/usr/bin/env python3
"""A tiny stand-in for exlb-agent's API, for iterating on the web page's look
without building the agent. NOT used by the CTest test (which runs the real
agent). It serves agent/web/assets/ and a rough in-memory /api/v1/ with the
same JSON shapes; the real validation, engines and events are the agent's.

  tests/web/standin_agent.py [--port 8444]   then open https://127.0.0.1:8444/
"""

import argparse
import copy
import hashlib
import http.server
import ipaddress
import json
import os
import secrets
import ssl
import subprocess
import tempfile
import time

ASSETS = os.path.join(os.path.dirname(__file__), "..", "..", "agent", "web", "assets")
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}

# The agent's CSP for static files (agent/api/body_codec.h kStaticCsp).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")

FACTORY = {
    "schema_version": 1,
    "network": {"hostname": "exlb", "address": "192.168.0.200", "netmask": "255.255.255.0",
                "gateway": "", "vlan_id": 0, "static_routes": []},
    "high_availability": {"role": "HA_ROLE_DISABLED", "virtual_address": "", "cluster_id": 253,
                          "peer_address": ""},
    "cas_servers": [],
    "http": {"mode": "HTTP_MODE_SSL_OFFLOAD", "host_name": "mail.mydomain.local", "virtual_https_port": 443,
             "redirect_http_port": 80, "cas_http_port": 80, "cas_https_port": 443, "timeout_seconds": 25,
             "certificate": "default", "applications": {k: "TOGGLE_ENABLED" for k in [
                 "outlook_web_app", "exchange_control_panel", "offline_address_book", "autodiscover",
                 "exchange_web_services", "activesync", "outlook_anywhere"]} | {
                 "remote_powershell": "TOGGLE_DISABLED"}},
    "imap": {"mode": "MAIL_MODE_DISABLED", "virtual_port": 143, "virtual_tls_port": 993, "server_port": 143,
             "server_tls_port": 993, "timeout_seconds": 25, "certificate": "default"},
    "pop3": {"mode": "MAIL_MODE_DISABLED", "virtual_port": 110, "virtual_tls_port": 995, "server_port": 110,
             "server_tls_port": 995, "timeout_seconds": 25, "certificate": "default"},
    "rpc": {"state": "TOGGLE_ENABLED", "endpoint_mapper_port": 135, "client_access_port": 60000,
            "address_book_port": 60001, "timeout_seconds": 25},
    "smtp": {"mode": "MAIL_MODE_DISABLED", "virtual_port": 25, "virtual_tls_port": 587, "server_port": 25,
             "server_tls_port": 587, "timeout_seconds": 25, "certificate": "default", "hub_servers": []},
    "system": {"language": "LANGUAGE_ENGLISH", "timezone": "UTC"},
    "exchange_version": "EXCHANGE_VERSION_2010",
    "management": {"port": 4444, "certificate": "default"},
}


def etag_of(config):
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]


class State:
    def __init__(self):
        self.password = "admin"
        self.must_change = True
        self.tokens = set()
        self.running = copy.deepcopy(FACTORY)
        self.saved = copy.deepcopy(FACTORY)
        self.versions = []
        self.audit = []
        self.started = time.time()


STATE = State()


def violations(config):
    out = []
    for i, s in enumerate(config.get("cas_servers", [])):
        try:
            ipaddress.IPv4Address(s.get("address", ""))
        except ValueError:
            out.append({"path": f"cas_servers[{i}].address", "severity": "VIOLATION_SEVERITY_ERROR",
                        "description": f"\"{s.get('address')}\" is not an IPv4 address."})
        if s.get("address", "").startswith("127.0.0.9"):
            out.append({"path": f"cas_servers[{i}].address", "severity": "VIOLATION_SEVERITY_ERROR",
                        "description": "Stand-in: 127.0.0.9x addresses are refused, to show a 422."})
    host = config.get("http", {}).get("host_name", "")
    if "<" in host:
        out.append({"path": "http.host_name", "severity": "VIOLATION_SEVERITY_ERROR",
                    "description": f"\"{host}\" contains '<', which a host name cannot hold."})
    return out


def status():
    now = int(time.time() * 1000)
    services = []
    if STATE.running["cas_servers"]:
        for name in ["owa", "ecp", "ews", "activesync", "autodiscover", "oab", "rpc-ca"]:
            services.append({"name": name, "area": "http" if name != "rpc-ca" else "rpc", "enabled": True,
                             "current_sessions": "3", "total_sessions": "120", "session_rate": "1",
                             "servers": [{"name": s["name"], "address": s["address"],
                                          "health": {"SERVER_ADMIN_STATE_DRAIN": "SERVER_HEALTH_DRAIN",
                                                     "SERVER_ADMIN_STATE_MAINT": "SERVER_HEALTH_MAINT"}.get(
                                              s.get("admin_state"), "SERVER_HEALTH_UP" if i % 3 != 2 else
                                              "SERVER_HEALTH_DOWN"),
                                          "admin_state": s.get("admin_state"), "last_check": "L7OK/200",
                                          "current_sessions": "1"}
                                         for i, s in enumerate(STATE.running["cas_servers"])]})
    return {"hostname": STATE.running["network"]["hostname"], "agent_version": "0.1.0-standin",
            "time_unix_ms": str(now), "uptime_seconds": str(int(time.time() - STATE.started)),
            "running_etag": etag_of(STATE.running), "saved_etag": etag_of(STATE.saved),
            "vrrp_role": "VRRP_ROLE_DISABLED",
            "engines": [{"name": "haproxy", "state": "ENGINE_STATE_RUNNING", "pid": 4242, "version": "2.6.12",
                         "started_unix_ms": str(int(STATE.started * 1000)), "restarts": 0}],
            "listeners": [{"name": "https", "address": "0.0.0.0", "port": 443, "accepting": True}],
            "services": services,
            "last_apply": {"apply_id": "a1", "result": "APPLY_RESULT_APPLIED", "finished_unix_ms": str(now)}}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def send_json(self, code, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, code, kind, message, fv=None):
        self.send_json(code, {"code": kind, "message": message, "field_violations": fv or [], "http_status": code})

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"{}")

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")

    def route(self, method):
        path = self.path.split("?")[0]
        if not path.startswith("/api/v1/"):
            return self.static(path)
        name = path[len("/api/v1/"):]
        if name == "login" and method == "POST":
            b = self.body()
            if b.get("username") != "admin" or b.get("password") != STATE.password:
                return self.error(401, "bad-credentials", "The user name or the password is wrong.")
            token = secrets.token_hex(16)
            STATE.tokens.add(token)
            return self.send_json(200, {"token": token, "must_change_password": STATE.must_change,
                                        "username": "admin", "role": "ROLE_ADMIN"})
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in STATE.tokens:
            return self.error(401, "unauthenticated", "Log in first.")
        if name == "password" and method == "POST":
            b = self.body()
            if b.get("current_password") != STATE.password:
                return self.error(422, "bad-password", "The current password is wrong.",
                                  [{"path": "current_password", "description": "wrong"}])
            STATE.password = b["new_password"]
            STATE.must_change = False
            STATE.tokens.clear()
            token = secrets.token_hex(16)
            STATE.tokens.add(token)
            return self.send_json(200, {"token": token, "username": "admin", "role": "ROLE_ADMIN"})
        if name == "whoami":
            return self.send_json(200, {"username": "admin", "role": "ROLE_ADMIN",
                                        "must_change_password": STATE.must_change})
        if name == "logout":
            STATE.tokens.discard(auth[7:])
            return self.send_json(200, {})
        if STATE.must_change:
            return self.error(403, "password-change-required", "Change the factory password first.")
        if name == "config/running" and method == "GET":
            return self.send_json(200, {"config": STATE.running, "etag": etag_of(STATE.running)},
                                  {"ETag": f'"{etag_of(STATE.running)}"'})
        if name == "config/running" and method == "PUT":
            b = self.body()
            if self.headers.get("If-Match", "").strip('"') != etag_of(STATE.running):
                return self.error(409, "etag-mismatch", "The configuration changed since you read it.")
            v = violations(b["config"])
            if v:
                return self.error(422, "invalid-config", "The configuration has errors.", v)
            STATE.running = b["config"]
            STATE.audit.append({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "user": "admin",
                                "address": self.client_address[0], "action": "config.replace",
                                "detail": "areas=cas_servers"})
            return self.send_json(200, {"etag": etag_of(STATE.running), "outcome": {
                "result": "APPLY_RESULT_APPLIED", "message": "Serving the new configuration."}})
        if name == "config/save":
            STATE.saved = copy.deepcopy(STATE.running)
            STATE.versions.insert(0, {"id": str(len(STATE.versions) + 1), "etag": etag_of(STATE.saved),
                                      "saved_unix_ms": str(int(time.time() * 1000)), "saved_by": "admin"})
            return self.send_json(200, {"etag": etag_of(STATE.running)})
        if name == "config/versions":
            return self.send_json(200, {"versions": STATE.versions})
        if name == "config/factory-reset":
            STATE.running = copy.deepcopy(FACTORY)
            return self.send_json(200, {"etag": etag_of(STATE.running)})
        if name == "status":
            return self.send_json(200, status())
        if name == "audit":
            return self.send_json(200, {"entries": STATE.audit})
        if name.startswith("servers/") and method == "POST":
            _, server, verb = name.split("/")
            for s in STATE.running["cas_servers"]:
                if s["name"] == server:
                    s["admin_state"] = "SERVER_ADMIN_STATE_" + verb.upper()
                    return self.send_json(200, {"etag": etag_of(STATE.running)})
            return self.error(404, "not-found", f"No server named {server}.")
        return self.error(404, "not-found", "No such route.")

    def static(self, path):
        if path == "/":
            path = "/index.html"
        file = os.path.normpath(os.path.join(ASSETS, path.lstrip("/")))
        if not file.startswith(os.path.normpath(ASSETS)) or not os.path.isfile(file):
            return self.error(404, "not-found", "No such file.")
        with open(file, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(os.path.splitext(file)[1], "application/octet-stream"))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8444)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="exlb-standin-")
    cert, key = os.path.join(folder, "c.pem"), os.path.join(folder, "k.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"stand-in on https://127.0.0.1:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
