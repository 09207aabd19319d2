// Hash routes: "#/<page>/<param>..." -> pages[page].render(root, ctx).
// Leaving a page runs everything it registered with ctx.onCleanup.

export function parseHash(hash) {
  const path = (hash || "").replace(/^#\/?/, "").split("?")[0];
  const parts = path.split("/").filter((p) => p !== "").map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { page: parts[0] || "", params: parts.slice(1) };
}

export class Router {
  // pages: {name: {render(root, ctx)}}; guard(route) returns a hash to go to instead, or null.
  constructor({ outlet, pages, fallback, guard, onEnter, onError }) {
    this.outlet = outlet;
    this.pages = pages;
    this.fallback = fallback;
    this.guard = guard || (() => null);
    this.onEnter = onEnter || (() => {});
    this.onError = onError || (() => {});
    this.ctx = null;
    this.shown = null;
    window.addEventListener("hashchange", () => this.render());
  }

  go(hash, { replace = false } = {}) {
    if (location.hash === hash) {
      this.render();
      return;
    }
    if (replace) {
      history.replaceState(null, "", location.pathname + location.search + hash);
      this.render();
    } else {
      location.hash = hash;
      this.render();
    }
  }

  leave() {
    const ctx = this.ctx;
    this.ctx = null;
    if (!ctx) return;
    ctx.active = false;
    for (const fn of ctx.cleanups.reverse()) {
      try {
        fn();
      } catch (e) {
        console.warn("cleanup failed", e);
      }
    }
  }

  render() {
    const hash = location.hash || "#/";
    if (this.ctx && this.shown === hash) return;
    const route = parseHash(hash);
    const redirect = this.guard(route);
    if (redirect && redirect !== hash) {
      history.replaceState(null, "", location.pathname + location.search + redirect);
      return this.render();
    }
    let page = this.pages[route.page];
    if (!page) {
      history.replaceState(null, "", location.pathname + location.search + this.fallback);
      return this.render();
    }
    this.leave();
    this.shown = hash;
    const ctx = makeCtx(route, this.onError);
    this.ctx = ctx;
    this.onEnter(route);
    const root = this.outlet;
    while (root.firstChild) root.removeChild(root.firstChild);
    try {
      const r = page.render(root, ctx);
      if (r && typeof r.catch === "function") r.catch((e) => ctx.error(e));
    } catch (e) {
      ctx.error(e);
    }
  }
}

function makeCtx(route, onError) {
  const ctx = {
    page: route.page,
    params: route.params,
    active: true,
    cleanups: [],
    alive: () => ctx.active,
    onCleanup(fn) {
      if (ctx.active) ctx.cleanups.push(fn);
      else fn();
    },
    // Shows a failed call in the page's banner (ignored once the page is gone).
    error(e) {
      if (!ctx.active) return;
      if (e && e.code === "NotSignedIn") return;
      onError(e);
    },
    // Runs fn now (unless delay) and then every ms after it settles; stops on leaving.
    every(fn, ms, { now = true } = {}) {
      let timer = null;
      let stopped = false;
      const tick = async () => {
        timer = null;
        if (stopped || !ctx.active) return;
        if (!document.hidden) {
          try {
            await fn();
          } catch (e) {
            ctx.error(e);
          }
        }
        if (!stopped && ctx.active) timer = setTimeout(tick, ms);
      };
      const stop = () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      };
      ctx.onCleanup(stop);
      if (now) tick();
      else timer = setTimeout(tick, ms);
      return stop;
    },
    timeout(fn, ms) {
      const stop = () => clearTimeout(t);
      const t = setTimeout(() => {
        const i = ctx.cleanups.indexOf(stop);
        if (i >= 0) ctx.cleanups.splice(i, 1);
        if (ctx.active) fn();
      }, ms);
      ctx.onCleanup(stop);
    },
  };
  return ctx;
}
