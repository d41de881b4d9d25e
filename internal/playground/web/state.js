// state.js: the page's state (an example and its --set overrides), how the
// URL holds it, and the calls to the server's JSON API.

// A random id per tab: the server cancels an older run of the same page
// when a newer one arrives.
export const pageID = (() => {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
})();

// setPath is the path of a "path=value" override.
export function setPath(set) {
  const i = set.indexOf("=");
  return i < 0 ? set : set.slice(0, i);
}

// withSets returns sets with each of updates applied: an update replaces the
// set of the same path where it stands (order kept, so that a later set of
// another path still wins as on the command line), or is appended. An
// update of a whole section (keep_alive={policy: hybrid}) drops the sets
// inside it (keep_alive.ttl=...), which it replaces: so a set inside a
// section always comes after the section's own.
export function withSets(sets, updates) {
  let out = sets.slice();
  for (const u of updates) {
    const p = setPath(u);
    out = out.filter((s) => !setPath(s).startsWith(p + "."));
    const i = out.findIndex((s) => setPath(s) === p);
    if (i >= 0) out[i] = u;
    else out.push(u);
  }
  return out;
}

// fromURL reads the state the address holds (?example=&set=&lesson=&step=).
export function fromURL(search) {
  const q = new URLSearchParams(search);
  const step = parseInt(q.get("step") || "", 10);
  return {
    example: q.get("example") || "",
    sets: q.getAll("set"),
    lesson: q.get("lesson") || "",
    step: Number.isFinite(step) && step >= 0 ? step : 0,
  };
}

// toURL writes the state into the address, so that copying the address
// shares exactly what the page shows. push makes a new history entry (a
// new example, lesson or step: Back returns to the one before); a
// control's move replaces the entry (a drag would fill the history).
export function toURL(state, lesson, step, push) {
  const q = new URLSearchParams();
  if (state.example) q.set("example", state.example);
  for (const s of state.sets) q.append("set", s);
  if (lesson) {
    q.set("lesson", lesson);
    q.set("step", String(step));
  }
  const url = location.pathname + (q.toString() ? "?" + q.toString() : "");
  if (push && url !== location.pathname + location.search) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

// APIError is a failed request's ErrorResponse, with its HTTP status.
export class APIError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : "HTTP " + status);
    this.status = status;
    this.problems = (body && body.problems) || [];
  }
}

async function call(path, body, signal) {
  const init = body === undefined ? { signal } : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal,
  };
  const resp = await fetch(path, init);
  let data = null;
  try {
    data = await resp.json();
  } catch (e) {
    if (resp.ok) throw new APIError(resp.status, { error: "the server's answer is not JSON" });
  }
  if (!resp.ok) throw new APIError(resp.status, data);
  return data;
}

export const getCatalog = () => call("/api/catalog");
export const postExport = (state) => call("/api/export", plain(state));

function plain(state) {
  return { example: state.example, sets: state.sets.slice() };
}

// Runner posts runs one at a time: a newer run aborts the older fetch (and
// the server cancels its simulation), and changes within DebounceMS are
// gathered into one run.
export class Runner {
  constructor(onStart, onDone, onError) {
    this.onStart = onStart;
    this.onDone = onDone;
    this.onError = onError;
    this.timer = 0;
    this.ctrl = null;
    this.previous = null; // the state last shown, for the explanations
  }

  schedule(state, delayMS = Runner.DebounceMS) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(state), delayMS);
  }

  async run(state, retry = false) {
    clearTimeout(this.timer);
    if (this.ctrl) this.ctrl.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    const req = { ...plain(state), page: pageID };
    if (this.previous) req.previous = this.previous;
    this.onStart();
    try {
      const resp = await call("/api/run", req, ctrl.signal);
      if (this.ctrl !== ctrl) return; // replaced meanwhile
      this.ctrl = null;
      this.previous = plain(resp.state || state);
      this.onDone(resp);
    } catch (err) {
      if (this.ctrl !== ctrl) return; // aborted by a newer run: not an error
      this.ctrl = null;
      if (err.name === "AbortError" || err.status === 409) return;
      // Every simulation slot was busy (another tab, a neighbour's run):
      // one more try shortly, then say so.
      if (err.status === 503 && !retry) {
        this.timer = setTimeout(() => this.run(state, true), 1000);
        return;
      }
      this.onError(err);
    }
  }
}
Runner.DebounceMS = 150;
