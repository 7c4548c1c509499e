"use strict";
/* Search that forgives: how a query typed into the search box is rewritten before the search engine
 * sees it. Pure functions of the words file (search/hub-words.js, written by the build:
 * knowledge_hub/search_index.py) and the query: no page, no worker, no network. The search box
 * wiring is docs/javascripts/search.js; the tests are tests/js/.
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
 * - A query with a distress word (data/search.yaml `distress`) is marked, so the box can offer
 *   the help page.
 * - A phrase that an acronym stands for ("Commission on the Status of Women") must be there in
 *   full, and also asks for the acronym, since a section may use either form. (No boost: a
 *   title with the acronym, weighted a thousandfold, would outrank one with the whole phrase.)
 * Queries written in the search syntax (quotes, +, -, ~, ^, *, field:) are left as they are.
 *
 * A classic script (a module cannot be loaded from file://) that sets one global, hubQuery; under
 * Node (the tests) it is the module's export instead.
 */
(() => {
  const MIN_LENGTH = 5;
  const SYNTAX = /["+\-~^*:]/;

  function tokens(text) {
    return text
      .split(/[\s\-,:!=[\]()"/]+|\.(?!\d)/u)
      .map((token) => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
      .filter(Boolean);
  }

  /* The words file as the rewriting needs it, or null when it is not the shape the build writes. */
  function prepare(raw) {
    if (!raw || typeof raw.words !== "object" || raw.words === null) return null;
    return {
      engine: raw.engine || "lunr",
      boosts: raw.boosts || [],
      words: Object.keys(raw.words).sort(),
      counts: raw.words,
      stop: new Set(raw.stopWords || []),
      everyday: new Map(Object.entries(raw.everyday || {})),
      distress: raw.distress || [],
      commonList: raw.commonWords || [],
      common: new Set(raw.commonWords || []),
      help: typeof raw.help === "string" ? raw.help : null,
      phrases: (raw.phrases || []).map((group) => group.map((form) => tokens(form.toLowerCase()))),
    };
  }

  /* Index words that start with `prefix`, as [first, end) positions in the sorted list. */
  function prefixRange(terms, prefix) {
    const { words } = terms;
    let low = 0;
    let high = words.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (words[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    let end = low;
    while (end < words.length && words[end].startsWith(prefix)) end++;
    return [low, end];
  }

  function startsIndexWord(terms, form) {
    const [first, end] = prefixRange(terms, form);
    return end > first;
  }

  /* Optimal string alignment distance (a swap of two neighbours counts once), or limit + 1. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
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
    let found = null;
    let foundDistance = limit + 1;
    let foundCount = -1;
    for (const candidate of candidates) {
      if (candidate.length < MIN_LENGTH - 1) continue;
      const d = distance(word, candidate, Math.min(limit, foundDistance));
      const count = countOf(candidate);
      if (d < foundDistance || (d === foundDistance && d <= limit && count > foundCount))
        [found, foundDistance, foundCount] = [candidate, d, count];
    }
    return [foundDistance <= limit ? found : null, foundDistance];
  }

  /* Endings of English words, each with what replaces it ("ied>y": "ied" by "y"; else nothing): a
   * word the index lacks is searched by a stem that starts words of the index ("harassing" by
   * "harass", which finds "harassed"). */
  const ENDINGS = "ingly ings ing ing>e ied>y ies>y ed ed>e ments ment ers er es s ly"
    .split(" ")
    .map((rule) => rule.split(">"))
    .map(([ending, replacement = ""]) => [ending, replacement]);

  /* The word itself if it starts a word of the index, else a stem that does, else null. */
  function stem(terms, word) {
    if (startsIndexWord(terms, word)) return word;
    if (/\d/.test(word)) return null;
    for (const [ending, replacement] of ENDINGS) {
      if (!word.endsWith(ending)) continue;
      const base = word.slice(0, -ending.length);
      const forms = [base + replacement];
      if (!replacement && /([^aeiouls])\1$/.test(base)) forms.push(base.slice(0, -1)); // "stopping": "stop"
      const form = forms.find((f) => f.length >= 4 && startsIndexWord(terms, f));
      if (form) return form;
    }
    return null;
  }

  /* Search matches a word at its start, so the singular also finds the plural, not the reverse.
   * The first form is the one searched, any other is asked for as well. */
  function singular(terms, word) {
    if (word.length < MIN_LENGTH || !word.endsWith("s") || word.endsWith("ss")) return [word];
    const forms = [word.slice(0, -1)];
    if (word.endsWith("ies")) forms.push(`${word.slice(0, -3)}y`);
    return forms.some((form) => startsIndexWord(terms, form)) ? forms : [word];
  }

  /* The word the reader meant: the word itself if it is a real one, else the closest real word. */
  function correct(terms, word) {
    if (word.length < MIN_LENGTH || /\d/.test(word) || terms.common.has(word) || terms.everyday.has(word)) return word;
    const countOf = (candidate) => terms.counts[candidate];
    const [first, end] = prefixRange(terms, word);
    if (end - first > 1 || (end > first && terms.counts[terms.words[first]] > 1)) return word;
    if (end > first) {
      // One rare word starts with it: a frequent one an edit away is likelier meant.
      const [near] = nearest(word, 1, terms.words, countOf);
      return near && near !== terms.words[first] && terms.counts[near] >= 5 ? near : word;
    }
    const [near, nearDistance] = nearest(word, 2, terms.words, countOf);
    // Another form of a word of the index ("harassing"), unless a word of it is one edit away
    // ("conners": "connors", not "conn").
    if (nearDistance > 1 && stem(terms, word)) return word;
    // A common word strictly closer than any word of the index is what the reader meant.
    const [common] = nearest(word, nearDistance - 1, terms.commonList, () => 0);
    return common || near || word;
  }

  function distressed(terms, words) {
    return words.some((word) => terms.distress.some((start) => word.startsWith(start)));
  }

  function containsPhrase(terms, words, phrase) {
    const wanted = phrase.filter((word) => !terms.stop.has(word));
    if (wanted.length < 2) return false;
    for (let start = 0; start + wanted.length <= words.length; start++)
      if (wanted.every((word, k) => words[start + k] === word)) return true;
    return false;
  }

  /* The query the engine gets, what to tell the reader (shown: null when nothing was corrected)
   * and whether it holds a distress word. `everyMeaning`: an everyday word is searched as all the
   * pages' words for it (lunr: any word may match), else as its first one only (Pagefind asks
   * for every word of a query). */
  function rewrite(terms, query, { everyMeaning = true } = {}) {
    if (!terms || !query.trim()) return { query, shown: null, distress: false };
    if (SYNTAX.test(query.replace(/(\p{L})-(?=\p{L})/gu, "$1 ")))
      return { query, shown: null, distress: distressed(terms, tokens(query.toLowerCase())) };
    const all = tokens(query.toLowerCase());
    const content = all.filter((word) => !terms.stop.has(word));
    if (!content.length) return { query, shown: null, distress: distressed(terms, all) };
    const corrected = content.map((word) => correct(terms, word));
    const extra = [];
    // Each word's search words: the pages' words for an everyday word, a word of the index (or
    // its singular), a stem, or none for a common word the index lacks.
    const parts = corrected.map((word) => {
      const meant = terms.everyday.get(word);
      if (meant) return everyMeaning ? meant : meant.slice(0, 1);
      const form = stem(terms, word);
      if (form === word) {
        const [searched, ...also] = singular(terms, word);
        extra.push(...also);
        return [searched];
      }
      if (form) return [form];
      return terms.common.has(word) ? [] : [word];
    });
    if (parts.every((words) => !words.length))
      corrected.forEach((word, k) => {
        parts[k] = [word];
      });
    for (const group of terms.phrases) {
      const phrase = group.find((form) => form.length > 1 && containsPhrase(terms, corrected, form));
      if (!phrase) continue;
      // The phrase's words are required (a section about the Commission on the Status of Women
      // has all three; one with only "women" is not about it); the acronym is one more way in.
      const wanted = new Set(phrase.filter((word) => !terms.stop.has(word)));
      corrected.forEach((word, k) => {
        if (wanted.has(word)) parts[k] = [`+${word}*`]; // * : "victims’" too
      });
      for (const form of group) if (form.length === 1) extra.push(form[0]);
    }
    const changed = corrected.some((word, k) => word !== content[k]);
    return {
      query: [...parts.flat(), ...extra].join(" "),
      shown: changed ? corrected.join(" ") : null,
      distress: distressed(terms, [...all, ...corrected]),
    };
  }

  /* --- Pagefind, for a hub too large for lunr (knowledge_hub/search_pagefind.py) ------------- */

  const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  /* Text as HTML that shows it as it is. */
  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, (character) => ENTITIES[character]);
  }

  /* The query as Pagefind reads it: Material's syntax (+word, word*, word^2) is not Pagefind's. */
  function pagefindQuery(query) {
    return query.replace(/\^\d+|\*/g, "").replace(/(^|\s)\+/g, "$1");
  }

  const WORD_SEPARATORS = /[^\S\uFEFF]+/; // Pagefind's, between the words of a record's text

  /* Pagefind's excerpt is some words of its record's text, joined by spaces, the matches in <mark>
   * and "<" and ">" (not "&") written as entities: a "&lt;" typed in the data and a "<" look the
   * same there. So its words are found in the record's own text (data.content) and each is escaped
   * once from there; should they not be found, Pagefind's entities are read back instead. Either
   * way "&", "<" and quotes show as typed. */
  function excerpt(data) {
    const shown = (data.excerpt || "").split(" ");
    const marked = shown.map((token) => /^<mark>[^<]*<\/mark>$/.test(token));
    const bare = shown.map((token, k) => (marked[k] ? token.slice("<mark>".length, -"</mark>".length) : token));
    const words = (data.content || "").split(WORD_SEPARATORS);
    const asPagefindWrites = words.map((word) => word.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    for (let start = 0; start + bare.length <= words.length; start++) {
      if (!bare.every((word, k) => asPagefindWrites[start + k] === word)) continue;
      return words
        .slice(start, start + bare.length)
        .map((word, k) => (marked[k] ? `<mark>${escapeHTML(word)}</mark>` : escapeHTML(word)))
        .join(" ");
    }
    return (data.excerpt || "")
      .split(/(<\/?mark>)/)
      .map((part) => (/^<\/?mark>$/.test(part) ? part : escapeHTML(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"))))
      .join("");
  }

  function isWord(terms, word) {
    return word !== undefined && Object.hasOwn(terms.counts, word);
  }

  /* The words a boost may answer to: those typed and those searched ("confidentially" as
   * "confidential"), without stop words. */
  function queryWords(terms, typed, searched) {
    const words = new Set([...tokens(typed.toLowerCase()), ...tokens(searched.toLowerCase())]);
    return [...words].filter((word) => !terms.stop.has(word));
  }

  /* The boosts (data/search.yaml) a query's words ask for: a word of three letters or more that
   * starts one of a boost's words. */
  function boosted(terms, words) {
    return terms.boosts.filter((boost) =>
      words.some((word) => word.length >= 3 && boost.words.some((w) => w.toLowerCase().startsWith(word))),
    );
  }

  /* Pagefind matches a word at its start: one or two letters (the "b" and "by" of a word being
   * typed) match most of a large hub, and ranking them all takes longer than typing the next
   * letter, which then waits for it. Such a query is searched only when it is a word of the index
   * ("UN", "PI"); a query of stop words only is not searched. */
  function worthSearching(terms, words) {
    return words.length > 1 || (words.length === 1 && (words[0].length >= 3 || isWord(terms, words[0])));
  }

  /* Whether the last word of a query is still being typed (no word of the index): the search box
   * waits a moment before asking Pagefind, so a reader typing on skips it. */
  function partialLastWord(terms, query) {
    return !isWord(terms, tokens(query.toLowerCase()).pop());
  }

  const hubQuery = Object.freeze({
    boosted,
    correct,
    distance,
    escapeHTML,
    excerpt,
    isWord,
    pagefindQuery,
    partialLastWord,
    prepare,
    queryWords,
    rewrite,
    singular,
    stem,
    tokens,
    worthSearching,
  });
  if (typeof module === "object" && module.exports) module.exports = hubQuery;
  else globalThis.hubQuery = hubQuery;
})();
