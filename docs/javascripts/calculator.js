"use strict";
// PI 4.2 calculator: enhances the levels table on the PI 4.2 page. The levels come from the
// page itself (data-levels, rendered from data/publication.yaml), so page and script agree.
(() => {
  // The first level whose range holds the score (the same rule as Indicator.level_for in Python).
  function levelFor(score, levels) {
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i];
      const belowUpper = level.upper_inclusive ? score <= level.upper : score < level.upper;
      if (score >= level.lower && belowUpper) return level;
    }
    return null;
  }

  function parseScore(text) {
    const cleaned = text.trim().replace(/\s*%$/, "").replace(",", ".");
    if (cleaned === "") return { error: "Enter a percentage between 0 and 100." };
    if (/^-\s*\d+(\.\d+)?$/.test(cleaned)) return { error: "A positive rating cannot be below 0 %." };
    if (!/^\d+(\.\d+)?$/.test(cleaned))
      return { error: `“${text.trim()}” is not a number. Enter a percentage such as 72 or 64.5.` };
    const value = parseFloat(cleaned);
    if (value > 100) return { error: "A positive rating cannot be over 100 %." };
    return { value: value };
  }

  function setUp(form) {
    const levels = JSON.parse(form.getAttribute("data-levels"));
    const below = form.getAttribute("data-below");
    const input = form.querySelector("input");
    const output = form.querySelector("output");
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const parsed = parseScore(input.value);
      if (parsed.error) {
        output.setAttribute("data-state", "error");
        output.textContent = parsed.error;
        input.setAttribute("aria-invalid", "true");
        return;
      }
      input.removeAttribute("aria-invalid");
      const level = levelFor(parsed.value, levels);
      output.setAttribute("data-state", level ? level.id : "below");
      output.textContent = level ? `${parsed.value} %: ${level.name}.` : `${parsed.value} %: ${below}`;
    });
  }

  const form = document.getElementById("pi-calculator");
  if (form) setUp(form);
})();
