/* Searches a Pagefind index with Pagefind's own browser script and prints each result as the search
 * box shows it (docs/javascripts/hub-query.js): `node tests/js/pagefind-search.mjs SITE QUERY`.
 * tests/test_search_pagefind.py runs it on an index the build's code wrote. Pagefind fetches its
 * files, so they are served from 127.0.0.1 for the length of the search. */
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const hubQuery = createRequire(import.meta.url)("../../docs/javascripts/hub-query.js");
const [site, query] = process.argv.slice(2);

const server = http.createServer((request, response) => {
  const file = path.join(site, decodeURIComponent(new URL(request.url, "http://localhost").pathname));
  fs.readFile(file, (error, data) => {
    response.statusCode = error ? 404 : 200;
    response.end(error ? "" : data);
  });
});

server.listen(0, "127.0.0.1", async () => {
  try {
    const pagefind = await import(pathToFileURL(path.join(site, "pagefind", "pagefind.js")).href);
    await pagefind.options({ basePath: `http://127.0.0.1:${server.address().port}/pagefind/` });
    await pagefind.init();
    const search = await pagefind.search(hubQuery.pagefindQuery(query));
    const found = await Promise.all(search.results.map((result) => result.data()));
    const shown = found.map((data) => ({
      location: data.meta.location,
      title: hubQuery.escapeHTML(data.meta.title),
      text: hubQuery.excerpt(data),
    }));
    process.stdout.write(`${JSON.stringify(shown)}\n`);
  } catch (error) {
    process.exitCode = 1;
    process.stderr.write(`${error.stack || error}\n`);
  } finally {
    server.close();
  }
});
