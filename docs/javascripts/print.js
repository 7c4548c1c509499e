// "Print this page": a button at the top of every page's article that opens the browser's print
// dialog (docs/stylesheets/print.css turns the page into a printed brief). Progressive enhancement:
// without this script there is no button, and the browser's own Print command works as before.
// The printed page ends with its address (overrides/main.html); where the build had no site
// address it names the page by its path, and over http(s) the address the reader has open
// replaces it, without a query or a fragment, which may hold what the reader searched for.
(function () {
  "use strict";

  var article = document.querySelector("article.md-content__inner");
  if (!article || typeof window.print !== "function") {
    return;
  }

  if (location.protocol === "https:" || location.protocol === "http:") {
    document.querySelectorAll("[data-print-address]").forEach(function (address) {
      address.textContent = location.origin + location.pathname;
    });
  }

  var button = document.createElement("button");
  button.type = "button";
  button.className = "hub-print";
  button.textContent = "Print this page";
  button.addEventListener("click", function () {
    window.print();
  });
  var heading = article.querySelector("h1");
  if (heading) {
    heading.insertAdjacentElement("beforebegin", button);
  } else {
    article.insertAdjacentElement("afterbegin", button);
  }
})();
