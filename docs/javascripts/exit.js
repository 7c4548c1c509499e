"use strict";
/* "Exit this page" (overrides/main.html), after the pattern of GOV.UK Frontend's component.
 *
 * The exit links work without this script: they lead to the destination set in mkdocs.yml
 * (extra.exit_url). With it:
 * - activating an exit link, or pressing Shift three times within 5 seconds, covers the page at
 *   once and then replaces it with the destination (location.replace), so Back does not return to
 *   the page that was left;
 * - Shift counts only when pressed alone: Shift held for a capital letter or any other key resets
 *   the count; each counted press is announced to screen readers and shown on the button;
 * - the skip link is moved to the start of the page, first in the tab order.
 * Nothing is requested from the destination before the person asks to leave.
 */
(() => {
  const PRESSES = 3;
  const WINDOW_MS = 5000;
  const links = Array.prototype.slice.call(document.querySelectorAll("a[data-hub-exit]"));
  if (!links.length) return;
  const destination = links[0].getAttribute("href") || "about:blank";
  const button = document.querySelector(".hub-exit");
  // The skip link's landmark goes first in the page, so the link is the first Tab stop.
  // Material's "Skip to content" joins it there: skip links come before any other link.
  const skip = document.querySelector(".hub-exit-skip-nav");
  if (skip && document.body.firstElementChild !== skip) {
    const material = document.querySelector('[data-md-component="skip"]');
    if (material) skip.appendChild(material);
    document.body.insertBefore(skip, document.body.firstChild);
  }

  const status = document.createElement("span");
  status.className = "hub-visually-hidden";
  status.setAttribute("role", "status");
  (button ? button.parentNode : document.body).appendChild(status);

  let count = 0;
  let firstPress = 0;
  let shiftAlone = false;
  let expiry = null;
  let cover = null;

  function say(text) {
    status.textContent = text;
  }

  function show(n) {
    count = n;
    if (button) {
      if (n > 0) button.setAttribute("data-hub-exit-count", String(n));
      else button.removeAttribute("data-hub-exit-count");
    }
  }

  function reset(announce) {
    if (expiry !== null) window.clearTimeout(expiry);
    expiry = null;
    if (count > 0 && announce) say("Exit this page expired.");
    show(0);
  }

  function leave() {
    reset(false);
    say("");
    // Cover first: the page must vanish even if the destination is slow to load.
    cover = document.createElement("div");
    cover.className = "hub-exit-cover";
    cover.setAttribute("role", "alert");
    document.documentElement.classList.add("hub-exiting");
    document.body.appendChild(cover);
    cover.textContent = "Leaving this page.";
    window.location.replace(destination);
  }

  links.forEach((link) => {
    link.addEventListener("click", (event) => {
      if (event.defaultPrevented || event.button !== 0) return;
      event.preventDefault();
      leave();
    });
  });

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.isComposing) return;
      if (event.key === "Shift") {
        if (!event.repeat) shiftAlone = true;
        return;
      }
      // Any other key, with Shift held or not, is typing: the count starts again.
      shiftAlone = false;
      if (count > 0) reset(false);
    },
    true,
  );

  document.addEventListener(
    "keyup",
    (event) => {
      if (event.key !== "Shift") return;
      const alone = shiftAlone;
      shiftAlone = false;
      if (!alone) return;
      const now = Date.now();
      if (count === 0 || now - firstPress > WINDOW_MS) {
        reset(false);
        firstPress = now;
        expiry = window.setTimeout(() => {
          reset(true);
        }, WINDOW_MS);
      }
      show(count + 1);
      if (count >= PRESSES) {
        leave();
      } else {
        const left = PRESSES - count;
        say(`Shift, press ${left} more ${left === 1 ? "time" : "times"} to exit.`);
      }
    },
    true,
  );

  // Focus never hides under the help bar (WCAG 2.4.11): a focused element it covers is scrolled
  // up, in the box that scrolls it (a sidebar) or else the page.
  const bar = document.querySelector('[data-md-component="announce"]');
  document.addEventListener("focusin", (event) => {
    const el = event.target;
    if (!bar || !(el instanceof Element) || bar.contains(el)) return;
    const hidden = el.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
    if (hidden <= 0) return;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && up.scrollHeight > up.clientHeight) {
        up.scrollTop += hidden + 8;
        return;
      }
    }
    window.scrollBy(0, hidden + 8);
  });

  // A page the browser restores from its back-forward cache comes back covered: uncover it.
  window.addEventListener("pageshow", () => {
    document.documentElement.classList.remove("hub-exiting");
    if (cover) cover.remove();
    cover = null;
    reset(false);
    say("");
  });
})();
