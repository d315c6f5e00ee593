// A "select all" checkbox for a list of row checkboxes: <input data-select-all="NAME"> ticks or
// unticks every checkbox named NAME in its form, and shows as ticked (or mixed) as they are.
// Progressive: the box is hidden in the HTML and shown here, so without JavaScript nothing shows
// that would not work.
(function () {
  function rows(all) {
    return all.form ? all.form.querySelectorAll('input[type="checkbox"][name="' + all.dataset.selectAll + '"]') : [];
  }

  function reflect(all) {
    var boxes = Array.prototype.slice.call(rows(all));
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = boxes.length > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  function setUp() {
    document.querySelectorAll("input[data-select-all]").forEach(function (all) {
      all.hidden = rows(all).length === 0;
      reflect(all);
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("input[data-select-all]")) {
      rows(target).forEach(function (box) { box.checked = target.checked; });
      return;
    }
    if (target.form && target.type === "checkbox") {
      target.form.querySelectorAll("input[data-select-all]").forEach(reflect);
    }
  });
  document.addEventListener("htmx:afterSettle", setUp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
