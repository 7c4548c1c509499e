"use strict";
/* The search box's wiring: the only script that knows Material's search worker messages and its
 * result classes. Each query typed into Material's box is rewritten by hubQuery
 * (docs/javascripts/hub-query.js, loaded just before) before Material's search worker sees it;
 * the results say so when a word was corrected, and offer the help page when a query holds a
 * distress word or finds nothing. With Pagefind (a hub too large for lunr) the worker is bypassed
 * and Pagefind's answer is handed to Material as if the worker had sent it.
 *
 * When Material is not the shape this expects (its config, its result region, its messages), it
 * says so in the console and leaves Material's own search alone.
 *
 * The words come from search/hub-words.js, written by the build (knowledge_hub/
 * search_index.py) and loaded as a script the first time the search is used, so it works from
 * file:// too. Nothing here talks to another origin.
 */
(() => {
  // Material's SearchMessageType (SETUP 0, READY 1, QUERY 2, RESULT 3) and what each carries.
  const SETUP = 0;
  const QUERY = 2;
  const RESULT = 3;
  const PARTIAL_WORD_WAIT = 80; // ms; Pagefind only: see hubQuery.partialLastWord
  const SHOWN = 10; // Pagefind fetches a fragment per result shown; Material shows ten before scrolling

  function unexpected(what) {
    console.warn(`Hub search: ${what}; Material's own search is left as it is (docs/javascripts/search.js).`);
  }

  /* A search result for one entry of a long page (resources/?entry=model-policy; see
   * knowledge_hub/search_index.py) opens the page at that entry. */
  const entry = new URLSearchParams(location.search).get("entry");
  const target = entry && !location.hash && document.getElementById(entry);
  if (target) target.scrollIntoView();

  const configElement = document.getElementById("__config");
  if (!configElement) return; // a page without Material's theme (the data-fault page of `mkdocs serve`)
  const query = globalThis.hubQuery;
  const box = document.querySelector("input.md-search__input");
  let config = null;
  try {
    config = JSON.parse(configElement.textContent);
  } catch {
    config = null;
  }

  /* What this script needs of Material before it changes anything; null when all is there. */
  function shapeFault() {
    if (!query) return "docs/javascripts/hub-query.js did not load";
    if (typeof Worker === "undefined") return "this browser has no Worker";
    if (!config || typeof config.base !== "string" || typeof config.search !== "string")
      return "Material's #__config has no base or search worker";
    if (!box || !document.querySelector(".md-search-result .md-search-result__list"))
      return "Material's search box or result list (.md-search__input, .md-search-result__list) is missing";
    return null;
  }

  const fault = shapeFault();
  if (fault) {
    unexpected(fault);
    return;
  }
  const base = new URL(config.base, location.href);

  let terms = null;
  let loading = null;

  function loadTerms() {
    if (!loading)
      loading = new Promise((resolve) => {
        const script = document.createElement("script");
        script.src = new URL("search/hub-words.js", base).href;
        script.onload = () => resolve(query.prepare(window.hubWords));
        script.onerror = () => resolve(null);
        document.head.appendChild(script);
      }).then((prepared) => {
        terms = prepared;
      });
    return loading;
  }

  /* "Need help? Where to get help", first under Material's "n matching documents" line. */
  function showHelp(shown) {
    const result = document.querySelector(".md-search-result");
    if (!result || !terms?.help) return;
    let line = result.querySelector(".hub-search-help");
    if (!shown) {
      if (line) line.hidden = true;
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "hub-search-help";
      // The look of the "Showing results for" line (docs/stylesheets/hub.css .hub-search-notice),
      // the link in the text's own colour, underlined, so it reads on either colour scheme.
      Object.assign(line.style, {
        margin: "0",
        padding: "0 0.8rem 0.4rem",
        fontSize: "0.64rem",
        backgroundColor: "var(--md-default-fg-color--lightest)",
        color: "var(--md-default-fg-color)",
      });
      const link = document.createElement("a");
      link.href = new URL(terms.help, base).href;
      link.textContent = "Where to get help";
      Object.assign(link.style, { color: "inherit", textDecoration: "underline", fontWeight: "700" });
      line.replaceChildren("Need help? ", link);
      result.insertBefore(line, result.firstElementChild ? result.firstElementChild.nextSibling : null);
    }
    line.hidden = false;
  }

  function showNotice(shown) {
    const result = document.querySelector(".md-search-result");
    if (!result) return;
    let notice = result.querySelector(".hub-search-notice"); // not the help line: a class of its own
    if (!shown) {
      if (notice) notice.hidden = true;
      return;
    }
    if (!notice) {
      // After Material's "n matching documents" line: Material keeps its own references to that
      // line and to the list, so a paragraph between them changes nothing it renders.
      notice = document.createElement("p");
      notice.className = "hub-search-notice";
      notice.setAttribute("role", "status");
      const help = result.querySelector(".hub-search-help");
      const after = help || result.firstElementChild;
      result.insertBefore(notice, after ? after.nextSibling : null);
    }
    const words = document.createElement("strong");
    words.textContent = shown;
    notice.replaceChildren("Showing results for ", words);
    notice.hidden = false;
  }

  /* While a query is on its way, the result region says so (aria-busy), and once the answer to
   * the latest one is on screen it names the query it answers (data-hub-query): a screen reader
   * waits for the region to settle before reading it, and so can anyone checking the results. */
  function markBusy(busy, typed) {
    const region = document.querySelector(".md-search-result");
    if (!region) return;
    region.setAttribute("aria-busy", String(busy));
    if (!busy) region.dataset.hubQuery = typed;
  }

  /* --- Pagefind, for a hub too large for lunr (knowledge_hub/search_pagefind.py) ------------- */

  let pagefind = null;

  function loadPagefind() {
    if (!pagefind)
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(async (module) => {
        await module.init();
        // init() only sets Pagefind up; its WebAssembly and page list load on the first search.
        // An empty one loads them and stops there, while the reader is still typing.
        await module.search("");
        return module;
      });
    return pagefind;
  }

  function usesPagefind() {
    return terms !== null && terms.engine === "pagefind" && location.protocol !== "file:";
  }

  /* The answer in the shape of Material's worker: one list per page, the page first, then its
   * sections (a lower score than the page's folds a section under "more"). Titles are plain text
   * in Pagefind's metadata and in hub-words.js: escaped here, once. */
  async function pagefindResult(searched, words) {
    const module = await loadPagefind();
    const search = await module.search(query.pagefindQuery(searched));
    const found = await Promise.all((search ? search.results : []).slice(0, SHOWN).map((result) => result.data()));
    const item = (location, title, text, score) => ({
      location,
      title: query.escapeHTML(title),
      text,
      score,
      terms: {},
    });
    const groups = new Map();
    found.forEach((data, rank) => {
      const url = data.meta.location; // the record's address (knowledge_hub/search_pagefind.py)
      const page = url.split("#")[0];
      const score = found.length - rank;
      if (!groups.has(page)) groups.set(page, [item(page, data.meta.page_title || data.meta.title, "", score)]);
      const shown = item(url, data.meta.title, query.excerpt(data), score);
      const group = groups.get(page);
      if (page === url) group[0] = { ...shown, score: Math.max(group[0].score, score) };
      else group.push(shown);
    });
    const boosts = query.boosted(terms, words);
    const first = boosts.map((boost) => groups.get(boost.page) || [item(boost.page, boost.title, "", 0)]);
    for (const boost of boosts) groups.delete(boost.page);
    return { items: [...first, ...groups.values()] };
  }

  /* --- Material's search worker ---------------------------------------------------------------
   * Material's worker (or, from file://, the iframe-worker shim that stands in for it) gets every
   * query through postMessage. Only the worker whose first message is Material's SETUP (its index:
   * config and docs) is followed; any other worker is left alone. Its queries wait for the words,
   * in order, and then go on rewritten. A worker answers in the order it was asked, so the tickets
   * handed over, first in first out, tell which query each answer is for.
   * One query at a time is with the worker: a key pressed while it searches replaces the query
   * waiting to go, so a slow phone answers the latest words instead of every key in turn. */
  const post = Worker.prototype.postMessage;
  const followed = new WeakMap(); // worker: { queue, tickets }, or null for a worker not Material's search
  let latest = 0;
  let broken = false;

  function isIndex(data) {
    return Boolean(data) && typeof data.config === "object" && Array.isArray(data.docs);
  }

  function follow(worker, message) {
    if (followed.has(worker)) return followed.get(worker);
    let state = null;
    if (message && message.type === SETUP && isIndex(message.data)) {
      state = { queue: null, tickets: [], busy: false, waiting: null };
      // Added after Material's own listener, so it runs once Material has shown the answer.
      worker.addEventListener("message", (event) => answered(state, event));
    } else if (message && isIndex(message.data)) {
      breakDown(`Material's search index came in a message of type ${message.type}, not ${SETUP}`);
    }
    followed.set(worker, state);
    return state;
  }

  function breakDown(what) {
    if (!broken) unexpected(what);
    broken = true;
  }

  /* Hands a query to the worker, or keeps it as the one waiting while the worker is busy. */
  function ask(state, send, asked) {
    if (state.busy) {
      state.waiting = { send, asked };
      return;
    }
    state.busy = true;
    state.tickets.push(asked);
    send();
  }

  function answered(state, event) {
    if (!event.data || event.data.type !== RESULT || !state.tickets.length) return;
    const { ticket, typed, distress } = state.tickets.shift();
    state.busy = false;
    if (state.waiting) {
      const { send, asked } = state.waiting;
      state.waiting = null;
      ask(state, send, asked);
    }
    const items = event.data.data?.items;
    if (!Array.isArray(items)) breakDown("Material's search result has no list of items");
    if (ticket !== latest) return;
    showHelp(typed.trim() !== "" && (distress || !items?.length));
    markBusy(false, typed);
  }

  /* Material hands the worker the whole index as soon as a page loads, and the worker builds its
   * search index from it: work for every page a reader opens, on a phone too, though few pages
   * are opened to search. It is handed over once the search is first used instead (from file://
   * Material already waits for that). */
  const toggle = document.getElementById("__search");
  let searchUsed = location.protocol === "file:";
  let deferredSetup = null;

  function useSearch() {
    searchUsed = true;
    if (deferredSetup) deferredSetup();
    deferredSetup = null;
  }

  Worker.prototype.postMessage = function (message, ...rest) {
    const state = follow(this, message);
    if (!state || broken) return post.call(this, message, ...rest);
    if (message.type === SETUP && !searchUsed && document.activeElement !== box && !toggle?.checked) {
      deferredSetup = () => post.call(this, message, ...rest);
      return;
    }
    if (message.type !== QUERY) return post.call(this, message, ...rest);
    if (typeof message.data !== "string") {
      breakDown(`Material's search query (message type ${QUERY}) is not text`);
      return post.call(this, message, ...rest);
    }
    const ticket = ++latest;
    markBusy(true);
    const asked = (state.queue || loadTerms()).then(async () => {
      if (ticket !== latest && usesPagefind()) return; // a later key already asks again
      const typed = message.data;
      const {
        query: searched,
        shown,
        distress,
      } = query.rewrite(terms, typed, {
        // Pagefind asks for every word of a query: there an everyday word is its first meaning only.
        everyMeaning: !usesPagefind(),
      });
      showNotice(shown);
      if (!usesPagefind() || !searched.trim()) {
        ask(state, () => post.call(this, { ...message, data: searched }, ...rest), { ticket, typed, distress });
        return;
      }
      const words = query.queryWords(terms, typed, searched);
      if (query.partialLastWord(terms, searched)) {
        await new Promise((resolve) => setTimeout(resolve, PARTIAL_WORD_WAIT));
        if (ticket !== latest) return;
      }
      const data = query.worthSearching(terms, words)
        ? await pagefindResult(searched, words).catch(() => ({ items: [] }))
        : { items: [] };
      if (ticket !== latest) return;
      state.tickets.push({ ticket, typed, distress });
      this.dispatchEvent(new MessageEvent("message", { data: { type: RESULT, data } }));
    });
    state.queue = asked.catch(() => {});
  };

  /* Once the search is used, Pagefind's script, its WebAssembly and its page list are fetched and
   * started while the reader types, not after the first query. */
  function startSearch() {
    useSearch();
    loadTerms().then(() => {
      if (usesPagefind()) loadPagefind().catch(() => {});
    });
  }

  box.addEventListener("focus", startSearch, { once: true });
  toggle?.addEventListener("change", startSearch, { once: true });
})();
