// Values a page computes per row — a tag's or a task's colour, a progress bar's width — come
// as data- attributes and are set here through the CSSOM, which the Content-Security-Policy
// allows, instead of style="" attributes, which it refuses. Runs on load and on every htmx swap.
(function () {
  var COLOUR = /^#[0-9a-fA-F]{3,8}$/;

  function apply(root) {
    if (!root.querySelectorAll) { return; }
    var pairs = [["tagColour", "--tag-colour"], ["taskColour", "--task-colour"]];
    var all = [root].concat(Array.prototype.slice.call(
      root.querySelectorAll("[data-tag-colour], [data-task-colour], [data-width-percent]")
    ));
    all.forEach(function (el) {
      if (!el.dataset) { return; }
      pairs.forEach(function (pair) {
        var value = el.dataset[pair[0]];
        if (value && COLOUR.test(value)) { el.style.setProperty(pair[1], value); }
      });
      var width = parseInt(el.dataset.widthPercent, 10);
      if (!isNaN(width)) { el.style.width = Math.max(0, Math.min(100, width)) + "%"; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { apply(document.body); });
  document.addEventListener("htmx:load", function (event) { apply(event.target); });
})();
