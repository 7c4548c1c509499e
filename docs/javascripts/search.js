/* Search that forgives: each query typed into Material's search box is rewritten before Material's
 * search worker sees it, and the results say so when a word was corrected.
 *
 * - Stop words ("how", "to", "can"; data/search.yaml) are left out: Material matches every word
 *   at its start, so "to" would find "tools" and "tolerance" and outrank the words that matter.
 * - A person's everyday word the pages do not use ("boss"; data/search.yaml `everyday`) is
 *   searched as the pages' words for it ("manager supervisor").
 * - Search matches a word at its start, and Material's English setup has no stemmer: another form
 *   of a word of the index ("harassing", "texts") is searched by its stem ("harass", "text").
 * - A word of five letters or more that starts no word of the index, and is no form of one, is
 *   replaced by the word closest to it (edit distance 1, else 2), and the results say "Showing
 *   results for …". The closest word is taken from the index and from common English words
 *   (data/search.yaml `common_words`; the index wins a tie, then the more frequent word): a typo of
 *   a common word ("hapens") becomes that word, never an index word that merely looks alike
 *   ("haven"). A common word is never corrected; one the index lacks ("contract") is left out of
 *   the query when other words remain. A word that starts only one rare word is corrected when a
 *   frequent word is one edit away. People's names are words of the index like any other.
 * - A query with a distress word (data/search.yaml `distress`), or one that finds nothing, shows
 *   "Need help? Where to get help" above the results, a link to the help page.
 * - A phrase that an acronym stands for ("Commission on the Status of Women") must be there in
 *   full, and also asks for the acronym, since a section may use either form. (No boost: a
 *   title with the acronym, weighted a thousandfold, would outrank one with the whole phrase.)
 * Queries written in the search syntax (quotes, +, -, ~, ^, *, field:) are left as they are.
 *
 * The words come from search/hub-search-terms.js, written by the build (knowledge_hub/
 * search_index.py) and loaded as a script the first time the search is used, so it works from
 * file:// too. Nothing here talks to another origin.
 */
(() => {
  "use strict";

  const SETUP = 0; // Material's SearchMessageType (SETUP 0, READY 1, QUERY 2, RESULT 3)
  const QUERY = 2;
  const RESULT = 3;
  const PARTIAL_WORD_WAIT = 80; // ms; Pagefind only: see worthSearching
  const SHOWN = 10; // Pagefind fetches a fragment per result shown; Material shows ten before scrolling
  const MIN_LENGTH = 5;
  const SYNTAX = /["+\-~^*:]/;

  const configElement = document.getElementById("__config");
  if (!configElement || typeof Worker === "undefined") return;
  const base = new URL(JSON.parse(configElement.textContent).base, location.href);

  let terms = null;
  let loading = null;

  function loadTerms() {
    if (!loading)
      loading = new Promise(resolve => {
        const script = document.createElement("script");
        script.src = new URL("search/hub-search-terms.js", base).href;
        script.onload = () => resolve(prepare(window.hubSearchTerms));
        script.onerror = () => resolve(null);
        document.head.appendChild(script);
      }).then(prepared => (terms = prepared));
    return loading;
  }

  function prepare(raw) {
    if (!raw || typeof raw.words !== "object") return null;
    const words = Object.keys(raw.words).sort();
    return {
      engine: raw.engine || "lunr",
      boosts: raw.boosts || [],
      words,
      counts: raw.words,
      stop: new Set(raw.stopWords || []),
      everyday: new Map(Object.entries(raw.everyday || {})),
      distress: raw.distress || [],
      commonList: raw.commonWords || [],
      common: new Set(raw.commonWords || []),
      help: typeof raw.help === "string" ? raw.help : null,
      phrases: (raw.phrases || []).map(group => group.map(form => tokens(form.toLowerCase()))),
    };
  }

  function tokens(text) {
    return text.split(/[\s\-,:!=\[\]()"/]+|\.(?!\d)/u)
      .map(token => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
      .filter(Boolean);
  }

  /* Index words that start with `prefix`, as [first, end) positions in the sorted list. */
  function prefixRange(prefix) {
    const { words } = terms;
    let low = 0, high = words.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (words[middle] < prefix) low = middle + 1; else high = middle;
    }
    let end = low;
    while (end < words.length && words[end].startsWith(prefix)) end++;
    return [low, end];
  }

  /* Optimal string alignment distance (a swap of two neighbours counts once), or limit + 1. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          value = Math.min(value, before[j - 2] + 1);
        current.push(value);
        best = Math.min(best, value);
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* The word of `candidates` closest to `word` and its distance ([null, limit + 1] if none is
   * within `limit`); a tie goes to the higher count. */
  function nearest(word, limit, candidates, countOf) {
    let found = null, foundDistance = limit + 1, foundCount = -1;
    for (const candidate of candidates) {
      if (candidate.length < MIN_LENGTH - 1) continue;
      const d = distance(word, candidate, Math.min(limit, foundDistance));
      const count = countOf(candidate);
      if (d < foundDistance || (d === foundDistance && d <= limit && count > foundCount))
        [found, foundDistance, foundCount] = [candidate, d, count];
    }
    return [foundDistance <= limit ? found : null, foundDistance];
  }

  function closest(word, limit) {
    return nearest(word, limit, terms.words, candidate => terms.counts[candidate])[0];
  }

  function startsIndexWord(form) {
    const [first, end] = prefixRange(form);
    return end > first;
  }

  /* Endings of English words, each with what replaces it: a word the index lacks is searched by a
   * stem that starts words of the index ("harassing" by "harass", which finds "harassed"). */
  const ENDINGS = [
    ["ingly", ""], ["ings", ""], ["ing", ""], ["ing", "e"], ["ied", "y"], ["ies", "y"], ["ed", ""], ["ed", "e"],
    ["ments", ""], ["ment", ""], ["ers", ""], ["er", ""], ["es", ""], ["s", ""], ["ly", ""],
  ];

  /* The word itself if it starts a word of the index, else a stem that does, else null. */
  function stem(word) {
    if (startsIndexWord(word)) return word;
    if (/\d/.test(word)) return null;
    for (const [ending, replacement] of ENDINGS) {
      if (!word.endsWith(ending)) continue;
      const base = word.slice(0, -ending.length);
      const forms = [base + replacement];
      if (!replacement && /([^aeiouls])\1$/.test(base)) forms.push(base.slice(0, -1));  // "stopping": "stop"
      const form = forms.find(f => f.length >= 4 && startsIndexWord(f));
      if (form) return form;
    }
    return null;
  }

  /* Search matches a word at its start, so the singular also finds the plural, not the reverse. */
  function singular(word) {
    if (word.length < MIN_LENGTH || !word.endsWith("s") || word.endsWith("ss")) return [word];
    const stem = word.slice(0, -1);
    const forms = [stem];
    if (word.endsWith("ies")) forms.push(`${word.slice(0, -3)}y`);
    return forms.filter(form => prefixRange(form)[1] > prefixRange(form)[0]).length ? forms : [word];
  }

  /* The word the reader meant: the word itself if it is a real one, else the closest real word. */
  function correct(word) {
    if (word.length < MIN_LENGTH || /\d/.test(word) || terms.common.has(word) || terms.everyday.has(word)) return word;
    const [first, end] = prefixRange(word);
    if (end - first > 1 || (end > first && terms.counts[terms.words[first]] > 1)) return word;
    if (end > first) {  // one rare word starts with it: a frequent one an edit away is likelier meant
      const near = closest(word, 1);
      return near && near !== terms.words[first] && terms.counts[near] >= 5 ? near : word;
    }
    const [near, nearDistance] = nearest(word, 2, terms.words, candidate => terms.counts[candidate]);
    // Another form of a word of the index ("harassing"), unless a word of it is one edit away
    // ("conners": "connors", not "conn").
    if (nearDistance > 1 && stem(word)) return word;
    // A common word strictly closer than any word of the index is what the reader meant.
    const [common] = nearest(word, nearDistance - 1, terms.commonList, () => 0);
    return common || near || word;
  }

  function distressed(words) {
    return words.some(word => terms.distress.some(start => word.startsWith(start)));
  }

  function containsPhrase(words, phrase) {
    const wanted = phrase.filter(word => !terms.stop.has(word));
    if (wanted.length < 2) return false;
    for (let start = 0; start + wanted.length <= words.length; start++)
      if (wanted.every((word, k) => words[start + k] === word)) return true;
    return false;
  }

  /* The query the worker gets, and what to tell the reader (null: nothing was corrected). */
  function rewrite(query) {
    if (!terms || !query.trim()) return { query, shown: null, distress: false };
    if (SYNTAX.test(query.replace(/(\p{L})-(?=\p{L})/gu, "$1 ")))
      return { query, shown: null, distress: distressed(tokens(query.toLowerCase())) };
    const all = tokens(query.toLowerCase());
    const content = all.filter(word => !terms.stop.has(word));
    if (!content.length) return { query, shown: null, distress: distressed(all) };
    const corrected = content.map(correct);
    const extra = [];
    // Each word's search words: the pages' words for an everyday word, a word of the index (or
    // its singular), a stem, or none for a common word the index lacks.
    // Pagefind asks for every word of a query: there an everyday word is its first meaning only.
    const every = terms.engine !== "pagefind" || location.protocol === "file:";
    const parts = corrected.map(word => {
      if (terms.everyday.has(word)) return every ? terms.everyday.get(word) : terms.everyday.get(word).slice(0, 1);
      const form = stem(word);
      if (form === word) {
        extra.push(...singular(word).slice(1));
        return [singular(word)[0]];
      }
      if (form) return [form];
      return terms.common.has(word) ? [] : [word];
    });
    if (parts.every(words => !words.length)) corrected.forEach((word, k) => (parts[k] = [word]));
    for (const group of terms.phrases) {
      const phrase = group.find(form => form.length > 1 && containsPhrase(corrected, form));
      if (!phrase) continue;
      // The phrase's words are required (a section about the Commission on the Status of Women
      // has all three; one with only "women" is not about it); the acronym is one more way in.
      const wanted = new Set(phrase.filter(word => !terms.stop.has(word)));
      corrected.forEach((word, k) => {
        if (wanted.has(word)) parts[k] = [`+${word}*`];  // * : "victims’" too
      });
      for (const form of group)
        if (form.length === 1) extra.push(form[0]);
    }
    const changed = corrected.some((word, k) => word !== content[k]);
    return {
      query: [...parts.flat(), ...extra].join(" "),
      shown: changed ? corrected.join(" ") : null,
      distress: distressed([...all, ...corrected]),
    };
  }

  /* "Need help? Where to get help", first under Material's "n matching documents" line. */
  function showHelp(shown) {
    const result = document.querySelector(".md-search-result");
    if (!result || !terms || !terms.help) return;
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
        margin: "0", padding: "0 0.8rem 0.4rem", fontSize: "0.64rem",
        backgroundColor: "var(--md-default-fg-color--lightest)", color: "var(--md-default-fg-color)",
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
    let notice = result.querySelector(".hub-search-notice");  // not the help line: a class of its own
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

  /* --- Pagefind, for a hub too large for lunr (knowledge_hub/search_pagefind.py) ------------- */

  let pagefind = null;

  function loadPagefind() {
    if (!pagefind)
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(async module => {
        await module.init();
        // init() only sets Pagefind up; its WebAssembly and page list load on the first search.
        // An empty one loads them and stops there, while the reader is still typing.
        await module.search("");
        return module;
      });
    return pagefind;
  }

  function escapeHTML(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  const WORD_SEPARATORS = /[^\S\uFEFF]+/;  // Pagefind's, between the words of a record's text

  /* Pagefind's excerpt is some words of its record's text, joined by spaces, the matches in <mark>
   * and "<" and ">" (not "&") written as entities: a "&lt;" typed in the data and a "<" look the
   * same there. So its words are found in the record's own text (data.content) and each is escaped
   * once from there; should they not be found, Pagefind's entities are read back instead. Either
   * way "&", "<" and quotes show as typed. */
  function excerpt(data) {
    const tokens = (data.excerpt || "").split(" ");
    const marked = tokens.map(token => /^<mark>[^<]*<\/mark>$/.test(token));
    const bare = tokens.map((token, k) => (marked[k] ? token.slice("<mark>".length, -"</mark>".length) : token));
    const words = (data.content || "").split(WORD_SEPARATORS);
    const asPagefindWrites = words.map(word => word.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    for (let start = 0; start + bare.length <= words.length; start++) {
      if (!bare.every((word, k) => asPagefindWrites[start + k] === word)) continue;
      return words.slice(start, start + bare.length)
        .map((word, k) => (marked[k] ? `<mark>${escapeHTML(word)}</mark>` : escapeHTML(word)))
        .join(" ");
    }
    return (data.excerpt || "").split(/(<\/?mark>)/)
      .map(part => (/^<\/?mark>$/.test(part) ? part : escapeHTML(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"))))
      .join("");
  }

  function boosted(words) {
    return (terms.boosts || []).filter(boost =>
      words.some(word => word.length >= 3 && boost.words.some(w => w.toLowerCase().startsWith(word))));
  }

  /* Pagefind matches a word at its start: one or two letters (the "b" and "by" of a word being
   * typed) match most of a large hub, and ranking them all takes longer than typing the next
   * letter, which then waits for it. Such a query is searched only when it is a word of the index
   * ("UN", "PI"); a query of stop words only is not searched. A query whose last word is no word
   * of the index ("hara") waits PARTIAL_WORD_WAIT first, so a reader typing on skips it; a whole
   * word is searched at once. */
  function worthSearching(words) {
    return words.length > 1 || (words.length === 1 && (words[0].length >= 3 || isWord(words[0])));
  }

  function isWord(word) {
    return word !== undefined && Object.hasOwn(terms.counts, word);
  }

  /* The answer in the shape of Material's worker: one list per page, the page first, then its
   * sections (a lower score than the page's folds a section under "more"). */
  async function pagefindResult(query, words) {
    const module = await loadPagefind();
    const search = await module.search(query.replace(/\^\d+|\*/g, "").replace(/(^|\s)\+/g, "$1"));
    const found = await Promise.all((search ? search.results : []).slice(0, SHOWN).map(result => result.data()));
    const groups = new Map();
    found.forEach((data, rank) => {
      const url = data.meta.location;  // the record's address (knowledge_hub/search_pagefind.py)
      const page = url.split("#")[0];
      const score = found.length - rank;
      if (!groups.has(page))
        groups.set(page, [{ location: page, title: escapeHTML(data.meta.page_title || data.meta.title), text: "", score, terms: {} }]);
      const item = { location: url, title: escapeHTML(data.meta.title), text: excerpt(data), score, terms: {} };
      const group = groups.get(page);
      if (page === url) group[0] = { ...item, score: Math.max(group[0].score, score) };
      else group.push(item);
    });
    // Titles are plain text in Pagefind's metadata and in hub-search-terms.js: escaped here, once.
    const first = boosted(words).map(boost => groups.get(boost.page) || [{ location: boost.page, title: escapeHTML(boost.title), text: "", score: 0, terms: {} }]);
    for (const boost of boosted(words)) groups.delete(boost.page);
    return { items: [...first, ...groups.values()] };
  }

  /* While a query is on its way, the result region says so (aria-busy), and once the answer to
   * the latest one is on screen it names the query it answers (data-hub-query): a screen reader
   * waits for the region to settle before reading it, and so can anyone checking the results. */
  function markBusy(busy, query) {
    const region = document.querySelector(".md-search-result");
    if (!region) return;
    region.setAttribute("aria-busy", String(busy));
    if (!busy) region.dataset.hubQuery = query;
  }

  /* Material's worker (or, from file://, the iframe-worker shim that stands in for it) gets every
   * query through postMessage; queries wait for the words, in order, and then go on rewritten.
   * With Pagefind, the worker (given an empty index by the build) is bypassed: the answer is
   * handed to Material as if the worker had sent it. A worker answers in the order it was asked,
   * so the tickets handed over, first in first out, tell which query each answer is for. */
  const post = Worker.prototype.postMessage;
  const queues = new WeakMap();
  const handedOver = new WeakMap();
  let latest = 0;

  function watchAnswers(worker) {
    const tickets = [];
    handedOver.set(worker, tickets);
    // Added after Material's own listener, so it runs once Material has shown the answer.
    worker.addEventListener("message", event => {
      if (!event.data || event.data.type !== RESULT || !tickets.length) return;
      const { ticket, query, distress } = tickets.shift();
      if (ticket !== latest) return;
      const items = event.data.data && event.data.data.items;
      showHelp(query.trim() !== "" && (distress || !(items && items.length)));
      markBusy(false, query);
    });
    return tickets;
  }

  /* Material hands the worker the whole index as soon as a page loads, and the worker builds its
   * search index from it: work for every page a reader opens, on a phone too, though few pages
   * are opened to search. It is handed over once the search is first used instead (from file://
   * Material already waits for that). */
  const box = document.querySelector("input.md-search__input");
  const toggle = document.getElementById("__search");
  let searchUsed = location.protocol === "file:" || !box;
  let deferredSetup = null;

  function useSearch() {
    searchUsed = true;
    if (deferredSetup) deferredSetup();
    deferredSetup = null;
  }

  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === SETUP && !searchUsed && document.activeElement !== box && !toggle?.checked) {
      deferredSetup = () => post.call(this, message, ...rest);
      return;
    }
    if (!message || message.type !== QUERY || typeof message.data !== "string")
      return post.call(this, message, ...rest);
    const ticket = ++latest;
    const tickets = handedOver.get(this) || watchAnswers(this);
    markBusy(true);
    const queue = (queues.get(this) || loadTerms()).then(async () => {
      if (ticket !== latest && terms && terms.engine === "pagefind") return;  // a later key already asks again
      const { query, shown, distress } = rewrite(message.data);
      showNotice(shown);
      if (!terms || terms.engine !== "pagefind" || location.protocol === "file:" || !query.trim()) {
        tickets.push({ ticket, query: message.data, distress });
        return post.call(this, { ...message, data: query }, ...rest);
      }
      // The words typed and those searched ("confidentially" as "confidential"): either may ask for a boost.
      const words = [...new Set([...tokens(message.data.toLowerCase()), ...tokens(query.toLowerCase())])].filter(word => !terms.stop.has(word));
      if (!isWord(tokens(query.toLowerCase()).pop())) {  // a word still being typed: the next key may follow
        await new Promise(resolve => setTimeout(resolve, PARTIAL_WORD_WAIT));
        if (ticket !== latest) return;
      }
      const data = worthSearching(words) ? await pagefindResult(query, words).catch(() => ({ items: [] })) : { items: [] };
      if (ticket !== latest) return;
      tickets.push({ ticket, query: message.data, distress });
      this.dispatchEvent(new MessageEvent("message", { data: { type: RESULT, data } }));
    });
    queues.set(this, queue.catch(() => {}));
  };

  /* A search result for one entry of a long page (resources/?entry=model-policy; see
   * knowledge_hub/search_index.py) opens the page at that entry. */
  const entry = new URLSearchParams(location.search).get("entry");
  const target = entry && !location.hash && document.getElementById(entry);
  if (target) target.scrollIntoView();

  /* Once the search is used, Pagefind's script, its WebAssembly and its page list are fetched and
   * started while the reader types, not after the first query. */
  function startSearch() {
    useSearch();
    loadTerms().then(() => {
      if (terms && terms.engine === "pagefind" && location.protocol !== "file:") loadPagefind().catch(() => {});
    });
  }

  if (box) {
    box.addEventListener("focus", startSearch, { once: true });
    toggle?.addEventListener("change", startSearch, { once: true });
  }
})();
