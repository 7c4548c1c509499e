"use strict";
// The colour scheme is stored on the device only when the person has chosen one their device would
// not pick for them. Material saves its palette in localStorage under "<site path>.__palette"
// (its __md_set) on every page load, even when nobody touched the switch: a trace that this site
// was opened, on a device someone else may look at.
//
// Why this way: the bundle has written the key before any script of the site runs, and a note of
// "the person chose it" would itself be a key to store. No note is needed: a saved palette that is
// the one the device's own light/dark setting selects changes nothing (Material picks that one
// when no key exists), so it is removed; only a choice that differs stays. The rule runs once
// now, for the write Material just made, and again whenever Material saves the palette later (the
// switch pressed, the device's setting changed).
(() => {
  const inputs = Array.prototype.slice.call(
    document.querySelectorAll("[data-md-component='palette'] input[data-md-color-media]"),
  );
  if (!inputs.length || typeof window.__md_set !== "function" || typeof window.__md_scope === "undefined") return;
  const KEY = "__palette";
  const stored = `${window.__md_scope.pathname}.${KEY}`;

  // The palette Material selects when nothing is stored: the first whose media query matches.
  function deviceChoice() {
    const index = inputs.findIndex((input) => matchMedia(input.getAttribute("data-md-color-media")).matches);
    return Math.max(0, index);
  }

  function forgetIfNotChosen() {
    try {
      const palette = JSON.parse(localStorage.getItem(stored));
      if (palette && palette.index === deviceChoice()) localStorage.removeItem(stored);
    } catch (_error) {
      // Storage refused (a private window with storage off) or unreadable: nothing to remove.
    }
  }

  const save = window.__md_set;
  window.__md_set = function (key, ...rest) {
    const result = save.call(this, key, ...rest);
    if (key === KEY) forgetIfNotChosen();
    return result;
  };
  forgetIfNotChosen();
})();
