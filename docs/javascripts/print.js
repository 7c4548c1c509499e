"use strict";
// "Print this page": a button at the top of every page's article that opens the browser's print
// dialog (docs/stylesheets/print.css turns the page into a printed brief). Progressive enhancement:
// without this script there is no button, and the browser's own Print command works as before.
// The printed page ends with its address (overrides/main.html); where the build had no site
// address it names the page by its path, and over http(s) the address the reader has open
// replaces it, without a query or a fragment, which may hold what the reader searched for.
(() => {
  const article = document.querySelector("article.md-content__inner");
  if (!article || typeof window.print !== "function") {
    return;
  }

  if (location.protocol === "https:" || location.protocol === "http:") {
    document.querySelectorAll("[data-print-address]").forEach((address) => {
      address.textContent = location.origin + location.pathname;
    });
  }

  const button = document.createElement("button");
  button.type = "button";
  button.className = "hub-print";
  button.textContent = "Print this page";
  button.addEventListener("click", () => {
    window.print();
  });
  const heading = article.querySelector("h1");
  if (heading) {
    heading.insertAdjacentElement("beforebegin", button);
  } else {
    article.insertAdjacentElement("afterbegin", button);
  }
})();
