"use strict";
// Catalogue filters (good practices, quotes): each filters one list in place. Progressive
// enhancement: without this script the forms stay hidden and the whole list shows.
// A form <form data-catalogue="LIST-ID" data-noun="practices"> holds <select data-filter="KEY">
// lists; every item [data-item] of the list carries its values in data-KEY (words separated by
// spaces); a group [data-group] (a heading with its items) hides when none of its items shows.
// The choice lives in the page's address (?recommendation=...), so it can be shared, and
// survives reload and Back.
(() => {
  function words(value) {
    return value ? value.split(" ") : [];
  }

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function setUp(form, list) {
    const items = all(list, "[data-item]");
    const groups = all(list, "[data-group]");
    const selects = all(form, "select[data-filter]");
    const status = form.querySelector("[role=status]");
    const noun = form.getAttribute("data-noun");
    const total = items.length;

    function chosen() {
      return selects.filter((select) => select.value !== "");
    }

    function show() {
      let shown = 0;
      items.forEach((item) => {
        const matches = selects.every(
          (select) =>
            select.value === "" || words(item.dataset[select.getAttribute("data-filter")]).indexOf(select.value) !== -1,
        );
        item.hidden = !matches;
        if (matches) shown += 1;
      });
      groups.forEach((group) => {
        group.hidden = !group.querySelector("[data-item]:not([hidden])");
      });
      const active = chosen().map(
        (select) =>
          `${form.querySelector(`label[for="${select.id}"]`).textContent}: ${select.options[select.selectedIndex].text}`,
      );
      if (active.length === 0) status.textContent = `Showing all ${total} ${noun}.`;
      else if (shown === 0)
        status.textContent = `Nothing matches ${active.join("; ")}. Choose “All” in one of the lists, or show all.`;
      else status.textContent = `Showing ${shown} of ${total} ${noun}. ${active.join("; ")}.`;
    }

    function saveToAddress() {
      const params = new URLSearchParams();
      chosen().forEach((select) => {
        params.set(select.name, select.value);
      });
      const query = params.toString();
      window.history.replaceState(
        null,
        "",
        window.location.pathname + (query ? `?${query}` : "") + window.location.hash,
      );
    }

    function loadFromAddress() {
      const params = new URLSearchParams(window.location.search);
      selects.forEach((select) => {
        const value = params.get(select.name) || "";
        const known = Array.prototype.some.call(select.options, (option) => option.value === value);
        select.value = known ? value : "";
      });
      show();
    }

    form.hidden = false;
    form.addEventListener("change", () => {
      show();
      saveToAddress();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
    });
    // The reset event fires before the selects change back: filter once they have.
    form.addEventListener("reset", () => {
      window.setTimeout(() => {
        show();
        saveToAddress();
      }, 0);
    });
    // Back and Forward may restore the page, or the browser may refill the lists itself: the
    // address is the one truth, so read it again whenever the page is shown.
    window.addEventListener("pageshow", loadFromAddress);
    loadFromAddress();
  }

  all(document, "form[data-catalogue]").forEach((form) => {
    const list = document.getElementById(form.getAttribute("data-catalogue"));
    if (list) setUp(form, list);
  });
})();
