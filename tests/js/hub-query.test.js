"use strict";
/* Unit tests of the query rewriting (docs/javascripts/hub-query.js), on a small words file written
 * here: `node --test tests/js/*.test.js` (make test-js). */

const assert = require("node:assert/strict");
const { describe, test } = require("node:test");
const hubQuery = require("../../docs/javascripts/hub-query.js");

/* A words file in the shape knowledge_hub/search_index.py writes (browser_words). */
const RAW = {
  engine: "lunr",
  boosts: [{ page: "help/", words: ["Where to get help", "helpline"], title: "Get help & support" }],
  words: {
    assault: 3,
    commission: 3,
    harassed: 2,
    harassment: 9,
    haven: 1,
    manager: 4,
    report: 6,
    reporting: 5,
    status: 2,
    submit: 2,
    supervisor: 2,
    un: 7,
    victims: 3,
    women: 8,
  },
  stopWords: ["how", "i", "of", "on", "the", "to"],
  everyday: { boss: ["manager", "supervisor"] },
  distress: ["assault"],
  commonWords: ["contract", "happens"],
  help: "help/",
  phrases: [["Commission on the Status of Women", "CSW"]],
};

const terms = hubQuery.prepare(RAW);

describe("tokens", () => {
  test("splits on spaces and separators and trims punctuation, keeping a decimal point", () => {
    assert.deepEqual(hubQuery.tokens("what (if) someone's “boss”, PI 4.2: stop-now."), [
      "what",
      "if",
      "someone's",
      "boss",
      "PI",
      "4.2",
      "stop",
      "now",
    ]);
  });
});

describe("prepare", () => {
  test("refuses a words file without words", () => {
    assert.equal(hubQuery.prepare(null), null);
    assert.equal(hubQuery.prepare({ engine: "lunr" }), null);
    assert.equal(hubQuery.prepare({ words: null }), null);
  });

  test("sorts the words for the prefix search and keeps their counts", () => {
    assert.deepEqual(terms.words, Object.keys(RAW.words).sort());
    assert.equal(terms.counts.harassment, RAW.words.harassment);
  });
});

describe("distance", () => {
  test("counts a swap of two neighbours once", () => {
    assert.equal(hubQuery.distance("form", "from", 2), 1);
    assert.equal(hubQuery.distance("kitten", "sitting", 3), 3);
  });

  test("stops past its limit", () => {
    assert.equal(hubQuery.distance("kitten", "sitting", 1), 2);
    assert.equal(hubQuery.distance("a", "abcdef", 2), 3);
  });
});

describe("rewrite", () => {
  const rewrite = (query, options) => hubQuery.rewrite(terms, query, options);

  test("leaves out stop words", () => {
    assert.deepEqual(rewrite("how to report"), { query: "report", shown: null, distress: false });
  });

  test("corrects a typo to the closest word of the index and says so", () => {
    const result = rewrite("harasment");
    assert.equal(result.query, "harassment");
    assert.equal(result.shown, "harassment");
  });

  test("corrects a typo of a common word to that word, not to a word of the index that looks alike", () => {
    // "hapens" is two edits from "haven" (in the index) and one from "happens" (a common word).
    assert.equal(hubQuery.correct(terms, "hapens"), "happens");
    assert.equal(rewrite("hapens").shown, "happens");
  });

  test("never corrects a common word, and leaves it out when the index lacks it", () => {
    assert.equal(hubQuery.correct(terms, "contract"), "contract");
    assert.deepEqual(rewrite("contract harassment"), { query: "harassment", shown: null, distress: false });
  });

  test("keeps a query of common words only as it is", () => {
    assert.equal(rewrite("contract").query, "contract");
  });

  test("leaves short words and words with digits alone", () => {
    assert.equal(hubQuery.correct(terms, "repot"), "report");
    assert.equal(hubQuery.correct(terms, "rept"), "rept");
    assert.equal(hubQuery.correct(terms, "re4port"), "re4port");
  });

  test("searches an everyday word as the pages' words for it, or its first one", () => {
    assert.equal(rewrite("boss").query, RAW.everyday.boss.join(" "));
    assert.equal(rewrite("boss", { everyMeaning: false }).query, RAW.everyday.boss[0]);
    assert.equal(rewrite("boss").shown, null);
  });

  test("searches another form of a word of the index by its stem", () => {
    assert.equal(hubQuery.stem(terms, "harassing"), "harass");
    assert.equal(rewrite("harassing").query, "harass");
    assert.equal(rewrite("harassing").shown, null);
  });

  test("takes a doubled consonant off a stem", () => {
    assert.equal(hubQuery.stem(terms, "submitting"), "submit");
    assert.equal(hubQuery.stem(terms, "submits"), "submit");
    assert.equal(hubQuery.stem(terms, "zzzing"), null);
  });

  test("searches a plural by its singular when the singular starts a word of the index", () => {
    assert.deepEqual(hubQuery.singular(terms, "victims"), ["victim"]);
    assert.deepEqual(hubQuery.singular(terms, "reports"), ["report"]);
    assert.deepEqual(hubQuery.singular(terms, "status"), ["statu"]);
    assert.deepEqual(hubQuery.singular(terms, "class"), ["class"]);
    assert.equal(rewrite("victims").query, "victim");
  });

  test("requires every word of a phrase an acronym stands for, and asks for the acronym too", () => {
    const result = rewrite("commission on the status of women");
    assert.equal(result.query, "+commission* +status* +women* csw");
    assert.equal(result.shown, null);
  });

  test("leaves a query in the search syntax as it is", () => {
    for (const query of ['"sexual harassment"', "+report", "harass*", "title:report", "report -policy"])
      assert.equal(rewrite(query).query, query);
    assert.equal(rewrite("follow-up").query, "follow up");
  });

  test("marks a query with a distress word, as typed or as corrected", () => {
    assert.equal(rewrite("I was assaulted").distress, true);
    assert.equal(rewrite('"assault"').distress, true);
    // A typo of a distress word counts once corrected.
    assert.ok(!RAW.distress.some((start) => "asault".startsWith(start)));
    assert.deepEqual(rewrite("asault"), { query: "assault", shown: "assault", distress: true });
    assert.equal(rewrite("report").distress, false);
  });

  test("leaves a query alone when there are no words to rewrite it with", () => {
    assert.deepEqual(hubQuery.rewrite(null, "harasment"), { query: "harasment", shown: null, distress: false });
    assert.deepEqual(rewrite("  "), { query: "  ", shown: null, distress: false });
  });
});

describe("Pagefind", () => {
  /* What Pagefind's excerpt shows as the reader reads it: its HTML with the marks taken out and
   * the entities read back once. */
  function asRead(html) {
    const entities = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
    return html.replace(/<\/?mark>/g, "").replace(/&(amp|lt|gt|quot|#39);/g, (entity) => entities[entity]);
  }

  /* An excerpt as Pagefind writes one: some words of the record's text, "<" and ">" as entities
   * ("&" as it is), the matched words in <mark>. */
  function pagefindExcerpt(words, marked) {
    return words
      .map((word) => word.replace(/</g, "&lt;").replace(/>/g, "&gt;"))
      .map((word) => (marked.includes(word) ? `<mark>${word}</mark>` : word))
      .join(" ");
  }

  test("shows an excerpt with &, < and quotes as typed, escaped exactly once", () => {
    const typed = ["Tom", "&", '"Jerry"', "<b>bold</b>", "it's", "&lt;i&gt;", "written", "out"];
    const data = { content: `Before ${typed.join(" ")} after`, excerpt: pagefindExcerpt(typed, ["Tom"]) };
    const html = hubQuery.excerpt(data);
    assert.equal(asRead(html), typed.join(" "));
    assert.match(html, /^<mark>Tom<\/mark> /);
    assert.ok(!html.includes("<b>"), html);
    assert.ok(!/&amp;(amp|lt|gt|quot);/.test(html.replace("&amp;lt;i&amp;gt;", "")), html);
    // "<i>" typed and "&lt;i&gt;" typed look the same in Pagefind's excerpt; each is shown as typed.
    assert.ok(html.includes("&amp;lt;i&amp;gt;"), html);
  });

  test("reads Pagefind's entities back when its words are not in the record's text", () => {
    const html = hubQuery.excerpt({ content: "", excerpt: 'A &amp; "B" &lt;c&gt; <mark>d</mark>' });
    assert.equal(html, "A &amp;amp; &quot;B&quot; &lt;c&gt; <mark>d</mark>");
  });

  test("escapes every character that could start markup", () => {
    assert.equal(
      hubQuery.escapeHTML(`<img src=x onerror="a('b')">&`),
      "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;",
    );
  });

  test("takes Material's query syntax out of a query for Pagefind", () => {
    assert.equal(
      hubQuery.pagefindQuery("+commission* +status* +women* csw title^10"),
      "commission status women csw title",
    );
  });

  test("asks Pagefind only for a query worth ranking", () => {
    assert.equal(hubQuery.worthSearching(terms, []), false);
    assert.equal(hubQuery.worthSearching(terms, ["ha"]), false);
    assert.equal(hubQuery.worthSearching(terms, ["un"]), true); // a word of the index
    assert.equal(hubQuery.worthSearching(terms, ["har"]), true);
    assert.equal(hubQuery.worthSearching(terms, ["h", "r"]), true);
  });

  test("waits for a last word still being typed", () => {
    assert.equal(hubQuery.partialLastWord(terms, "sexual hara"), true);
    assert.equal(hubQuery.partialLastWord(terms, "sexual harassment"), false);
  });

  test("boosts a page when a word of three letters or more starts one of its words", () => {
    assert.deepEqual(hubQuery.boosted(terms, ["whe"]), RAW.boosts);
    assert.deepEqual(hubQuery.boosted(terms, ["wh"]), []);
    assert.deepEqual(hubQuery.boosted(terms, hubQuery.queryWords(terms, "How to get HELP", "get help")), RAW.boosts);
    assert.deepEqual(hubQuery.boosted(terms, ["get"]), []); // a boost's words are matched from their start
  });

  test("the words of a query for its boosts are those typed and searched, without stop words", () => {
    assert.deepEqual(hubQuery.queryWords(terms, "How to harrass", "harass"), ["harrass", "harass"]);
  });
});
