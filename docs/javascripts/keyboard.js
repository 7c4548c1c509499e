"use strict";
// Keyboard and screen-reader repairs to Material for MkDocs' header, navigation drawer and search.
// The faults are Material's, not the hub's markup: below 1220 px its closed drawer is only slid
// off-screen, so Tab walks through ~100 invisible links before the content; the closed search keeps
// its results panel ("Type to start searching") in the Tab order; the buttons that open the drawer
// and the search are <label>s a keyboard cannot reach; the search dialog has no name; its single-key
// shortcuts fire while a link or button has focus; Escape from the search drops focus to the page.
// Everything here leans on Material's markup (the ids, classes and breakpoints named below), and
// tests/browser/test_browser_keyboard.py checks each repair, so a Material update that changes
// that markup fails a test rather than quietly bringing the faults back.
(() => {
  const parts = {
    drawer: "#__drawer",
    search: "#__search",
    sidebar: ".md-sidebar--primary",
    searchBox: ".md-search[role='dialog']",
    searchInner: ".md-search__inner",
    searchOutput: ".md-search__output",
    searchInput: ".md-search__input",
    menuLabel: ".md-header label[for='__drawer']",
    searchLabel: ".md-header > nav > label[for='__search']",
  };
  const found = {};
  const missing = Object.keys(parts).filter((key) => {
    found[key] = document.querySelector(parts[key]);
    return !found[key];
  });
  // The tests read this: anything but "ready" means Material's markup changed under these repairs.
  document.documentElement.setAttribute(
    "data-hub-keyboard",
    missing.length ? `missing ${missing.map((k) => parts[k]).join(", ")}` : "ready",
  );
  if (missing.length) return;

  const drawer = found.drawer,
    search = found.search,
    sidebar = found.sidebar,
    searchBox = found.searchBox;
  const searchInner = found.searchInner,
    searchOutput = found.searchOutput,
    searchInput = found.searchInput;

  // Material's own breakpoints: below 76.25em the navigation is a drawer, below 60em the search
  // field is hidden until the search is opened.
  const drawerLayout = window.matchMedia("(max-width: 76.234375em)");
  const searchHidden = window.matchMedia("(max-width: 59.984375em)");

  // Material's header buttons are <label>s for its hidden checkboxes: no Tab stop, no role, no name.
  // Each gets a real <button> beside it; the label stays (hidden) because Material's script listens on it.
  function replaceWithButton(label, name, className, press) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `${label.className} ${className}`;
    button.setAttribute("aria-label", name);
    while (label.firstChild) button.appendChild(label.firstChild);
    label.hidden = true;
    label.parentNode.insertBefore(button, label);
    button.addEventListener("click", () => {
      press(label);
    });
    return button;
  }

  // Inert while closed: nothing inside takes focus or reaches the accessibility tree.
  function update() {
    const drawerClosed = drawerLayout.matches && !drawer.checked;
    // Closing the drawer (the overlay, a link) would drop focus to the page's top: keep it at the button.
    if (drawerClosed && !sidebar.inert && sidebar.contains(document.activeElement)) menuButton.focus();
    sidebar.inert = drawerClosed;
    menuButton.setAttribute("aria-expanded", String(drawer.checked));
    // In the drawer, a section's sub-menu slides in over its parent only once opened.
    document.querySelectorAll(".md-sidebar--primary .md-nav__toggle ~ .md-nav").forEach((panel) => {
      const toggle = panel.parentElement.querySelector(":scope > .md-nav__toggle");
      panel.inert = drawerLayout.matches && !toggle.checked;
    });
    searchOutput.inert = !search.checked;
    searchInner.inert = searchHidden.matches && !search.checked;
    searchButton.setAttribute("aria-expanded", String(search.checked));
  }

  searchBox.setAttribute("aria-label", searchInput.getAttribute("aria-label") || "Search");

  const menuButton = replaceWithButton(found.menuLabel, "Navigation menu", "hub-menu-button", (label) => {
    label.click();
    if (drawer.checked) {
      const first = sidebar.querySelector("a[href], [tabindex='0']");
      if (first) first.focus();
    }
  });
  const searchButton = replaceWithButton(
    found.searchLabel,
    searchInput.getAttribute("aria-label") || "Search",
    "hub-search-button",
    (label) => {
      // Material opens the search on the label's click; the field is focused once it is no longer inert.
      label.click();
      searchInput.focus();
    },
  );
  // With navigation.indexes, the toggle beside a section's link shows only an arrow icon.
  sidebar.querySelectorAll(".md-nav__container > label.md-nav__link").forEach((toggle) => {
    const link = toggle.parentElement.querySelector("a");
    if (link && !toggle.textContent.trim())
      toggle.setAttribute("aria-label", `${link.textContent.trim()}: pages in this section`);
  });

  // Material's single-key shortcuts (n and p or "," and "." for the next and previous page; s, f
  // and "/" for the search) listen on window and fire wherever focus is, except in a text field:
  // "n" pressed on a link, a button or the colour-scheme switch changed the page (WCAG 2.1.4).
  // Here they reach Material only when focus is on the page itself, on nothing a person operates.
  // This listener runs first (capture on window) and stops those keys on their way to it.
  const SHORTCUTS = ["n", "p", ",", ".", "s", "f", "/"];
  const OPERABLE =
    "a[href], area[href], button, input, select, textarea, summary, label, iframe, audio[controls], video[controls], " +
    "[contenteditable]:not([contenteditable='false']), [tabindex]:not([tabindex='-1']), " +
    "[role='button'], [role='link'], [role='checkbox'], [role='radio'], [role='switch'], [role='tab'], [role='menuitem'], " +
    "[role='option'], [role='combobox'], [role='textbox'], [role='searchbox'], [role='slider'], [role='spinbutton']";
  function focusIsOnThePage() {
    const active = document.activeElement;
    return !active || active === document.body || active === document.documentElement || !active.matches(OPERABLE);
  }
  // A text field keeps its own keys: Material leaves them alone there and the field's listeners need them.
  function isTextField(element) {
    return (
      element.isContentEditable ||
      element instanceof HTMLTextAreaElement ||
      element instanceof HTMLSelectElement ||
      (element instanceof HTMLInputElement && element.type !== "radio" && element.type !== "checkbox")
    );
  }
  window.addEventListener(
    "keydown",
    (event) => {
      if (search.checked || event.ctrlKey || event.metaKey || event.altKey || SHORTCUTS.indexOf(event.key) < 0) return;
      if (focusIsOnThePage() || isTextField(document.activeElement)) return;
      event.stopPropagation();
    },
    true,
  );

  // Escape in the search: Material closes it and blurs the field, so focus falls to the top of the
  // page. It returns to the search control instead: the field where it stays visible (wide
  // screens), else the search button. The search is closed here, before Material sees the key.
  // Material opens the search a moment after the field gains focus (it notes focus changes on a
  // timer): when Escape moves focus from a result back to the field, that reopening is undone. Only
  // Material reopens it before the person's next key or pointer press, which ends the guard.
  let keepClosed = false;
  ["keydown", "pointerdown"].forEach((type) => {
    window.addEventListener(
      type,
      () => {
        keepClosed = false;
      },
      true,
    );
  });
  search.addEventListener("change", () => {
    if (keepClosed && search.checked) {
      keepClosed = false;
      // Material changed it with click(), and a click on the box while that one runs is ignored.
      queueMicrotask(() => {
        if (search.checked) search.click();
      });
    }
  });
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Escape" || !search.checked || !searchBox.contains(document.activeElement)) return;
      event.stopPropagation();
      event.preventDefault();
      search.click();
      if (searchHidden.matches) {
        searchButton.focus();
      } else {
        keepClosed = true;
        searchInput.focus();
      }
    },
    true,
  );
  // With the search closed and focus left in the field, typing or clicking there opens it again.
  function reopen() {
    if (!search.checked) search.click();
  }
  searchInput.addEventListener("input", reopen);
  searchInput.addEventListener("click", reopen);

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drawer.checked) {
      drawer.click();
      menuButton.focus();
    }
  });
  document.addEventListener("change", update);
  drawerLayout.addEventListener("change", update);
  searchHidden.addEventListener("change", update);
  update();
})();
