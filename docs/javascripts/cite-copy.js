"use strict";
// "Cite this": a copy button after each citation line [data-cite]. Progressive enhancement:
// without this script the line is plain selectable text. Where the build had no site address,
// the line names the page by its path ([data-cite-address]); over http(s) the address the
// reader has open replaces it, since that is where they read the page.
(() => {
  function pageAddress() {
    // The page's own address only: a query string or a fragment may hold what the reader searched
    // for or where they were on the page, and a citation is shared.
    return location.protocol === "https:" || location.protocol === "http:" ? location.origin + location.pathname : null;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http or file://: the older route through a selection.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setUp(line) {
    const address = line.querySelector("[data-cite-address]");
    const href = pageAddress();
    if (address && href) {
      address.textContent = href;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "hub-cite__copy";
    button.textContent = "Copy citation";
    const status = document.createElement("span");
    status.className = "hub-cite__status";
    status.setAttribute("role", "status");
    button.addEventListener("click", () => {
      copy(line.textContent.trim()).then(
        () => {
          status.textContent = "Copied.";
        },
        () => {
          status.textContent = "Could not copy: select the line and copy it.";
        },
      );
    });
    line.insertAdjacentElement("afterend", status);
    line.insertAdjacentElement("afterend", button);
  }

  document.querySelectorAll("[data-cite]").forEach(setUp);
})();
