// Good practices catalogue: filters the "All practices" list in place. Progressive enhancement:
// without this script the form stays hidden and the grouped lists on the page give the same
// answers. Each list item carries its values in data-* attributes rendered from data/practices.yaml.
(function () {
  "use strict";

  function words(value) {
    return value ? value.split(" ") : [];
  }

  function setUp(form, list) {
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-practice]"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var status = document.getElementById("practices-count");
    var total = items.length;

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var matches = selects.every(function (select) {
          return select.value === "" || words(item.dataset[select.getAttribute("data-filter")]).indexOf(select.value) !== -1;
        });
        item.hidden = !matches;
        if (matches) shown += 1;
      });
      var filtered = selects.some(function (select) { return select.value !== ""; });
      if (!filtered) status.textContent = "Showing all " + total + " practices.";
      else if (shown === 0) status.textContent = "No practice matches these choices. Choose “All” in one of the lists, or show all.";
      else status.textContent = "Showing " + shown + " of " + total + " practices.";
    }

    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // The reset event fires before the selects change back: filter once they have.
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }

  var form = document.getElementById("practices-filter");
  var list = document.getElementById("all-practices");
  if (form && list) setUp(form, list);
})();
