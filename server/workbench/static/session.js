// The WebSocket session: one per tab, on OpenEnv's /ws, one request at a time.

export class Session {
  constructor(onClose) {
    this.ws = null;
    this.pending = null;
    this.chain = Promise.resolve();
    this.onClose = onClose;
  }

  open() {
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) return this.ready;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws`);
    this.ws = ws;
    this.ready = new Promise((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error('cannot reach the server'));
    });
    ws.onmessage = (event) => {
      const waiting = this.pending;
      this.pending = null;
      if (waiting) waiting.resolve(JSON.parse(event.data));
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.pending) this.pending.reject(new Error('the connection to the server closed'));
      this.pending = null;
      this.onClose();
    };
    return this.ready;
  }

  // One request at a time: OpenEnv answers each message with exactly one message.
  // `fresh` starts a new connection, hence a new environment: the server destroys the old one,
  // and an environment the idle reaper closed is never reused.
  request(type, data, { fresh = false } = {}) {
    const run = async () => {
      if (fresh && this.ws) {
        const old = this.ws;
        this.ws = null; // its close event is then ignored
        old.close();
      }
      await this.open();
      const answer = new Promise((resolve, reject) => { this.pending = { resolve, reject }; });
      this.ws.send(JSON.stringify({ type, data }));
      const message = await answer;
      if (message.type === 'error') throw new ServerError(message.data || {});
      return message.data;
    };
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => {});
    return result;
  }
}

export class ServerError extends Error {
  constructor(data) {
    const details = (data.errors || []).map((e) => {
      const where = (e.loc || []).join('.');
      return where ? `${where}: ${e.msg}` : e.msg;
    });
    super([data.message || 'server error', ...details].join(' — '));
    this.code = data.code;
  }
}
