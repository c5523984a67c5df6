/**
 * An init script for the start-up probes (start-messages.ts, returning-visit.ts): `window.__log` gets every
 * `new Worker`, page→worker message and worker→page answer, and render, each as [ms since navigation,
 * what], by wrapping the page's Worker constructor (no code in the SDK).
 */
export const START_LOG = `
  window.__log = [];
  const log = (what) => window.__log.push([performance.now(), what]);
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(url, options) {
      log("new Worker " + ((options && options.name) || ""));
      super(url, options);
      const post = this.postMessage.bind(this);
      this.postMessage = (m, t) => { log("post " + (m && m.type)); return post(m, t); };
      this.addEventListener("message", (e) => log("got " + (e.data && e.data.type)));
    }
  };
  document.addEventListener("pocketrank:render", (e) => {
    window.__recommender = e.detail.recommender;
    const items = e.detail.items;
    log("render " + (items.length ? items[0].backend : "empty"));
  });`;
