// Live state: the agent's event stream (WebSocket /api/v1/events, one Event
// as JSON per message, the first a status snapshot), with a status poll as
// the fallback while the stream is down, so the page never shows stale
// state silently.
//
// A browser cannot put an Authorization header on a WebSocket; the token
// travels as a subprotocol ("bearer.<token>", next to "exlb.v1"),
// which, unlike a query string, stays out of logs and the history.

import { api, session } from "./api.js";

const POLL_MS = 5000;
const RETRY_MS = [1000, 2000, 5000, 10000];

export class LiveFeed {
  // handlers: { onEvent(event), onStatus(status), onMode("live"|"polling"|"off") }
  constructor(handlers) {
    this.handlers = handlers;
    this.socket = null;
    this.pollTimer = null;
    this.retryTimer = null;
    this.failures = 0;
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.connect();
    this.startPolling();   // until the stream says hello
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.stopPolling();
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.close();
    }
    this.handlers.onMode("off");
  }

  connect() {
    if (this.stopped || !session.token) return;
    let socket;
    try {
      socket = new WebSocket(`wss://${location.host}/api/v1/events`,
        ["exlb.v1", `bearer.${session.token}`]);
    } catch (e) {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.failures = 0;
      this.stopPolling();
      this.handlers.onMode("live");
    });
    socket.addEventListener("message", (message) => {
      let event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      this.handlers.onEvent(event);
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      this.startPolling();
      this.scheduleRetry();
    });
  }

  scheduleRetry() {
    const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)];
    this.failures++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  startPolling() {
    if (this.pollTimer || this.stopped) return;
    this.handlers.onMode("polling");
    const tick = async () => {
      try {
        const { body } = await api.status();
        this.handlers.onStatus(body);
      } catch (e) {
        // The next tick retries; a lost session is handled by api.js.
      }
    };
    tick();
    this.pollTimer = setInterval(tick, POLL_MS);
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
