// The Clients page: selecting rows for More actions. Works across htmx swaps (event delegation).
(function () {
  function boxes() { return document.querySelectorAll('input[name="ids"][form="bulk-form"]'); }

  function refresh() {
    var ticked = Array.prototype.filter.call(boxes(), function (b) { return b.checked; }).length;
    var counter = document.getElementById("selected-count");
    var all = document.getElementById("all-matching");
    var count = all && all.checked ? all.dataset.total || ticked : ticked;
    if (counter) { counter.textContent = count; }
    // "1 seleccionado", "2 seleccionados": the word agrees with the number, by the page's language
    var label = document.getElementById("selected-label");
    if (label) {
      var number = parseInt(String(count).replace(/\D/g, ""), 10) || 0;
      var one = new Intl.PluralRules(document.documentElement.lang || "en").select(number) === "one";
      label.textContent = one ? label.dataset.one : label.dataset.other;
    }
  }

  function showFieldsFor(select) {
    var action = select.value || "";
    document.querySelectorAll("[data-bulk-for]").forEach(function (field) {
      field.hidden = action !== "" && !action.endsWith("_" + field.dataset.bulkFor);
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "select-page") {
      boxes().forEach(function (b) { b.checked = target.checked; });
    }
    if (target.matches("[data-bulk-action]")) { showFieldsFor(target); }
    refresh();
  });
  // A list that comes back (a search typed, a sort) keeps the ticks of the rows still on it.
  var ticked = [];
  document.addEventListener("htmx:beforeSwap", function () {
    ticked = Array.prototype.filter.call(boxes(), function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  });
  document.addEventListener("htmx:afterSwap", function () {
    boxes().forEach(function (b) { if (ticked.indexOf(b.value) !== -1) { b.checked = true; } });
    refresh();
  });
})();

// Export buttons download a file: their form is posted as a page would be, outside htmx (which
// would put the answer into the page), with the same fields and the button's own value.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-download]");
  if (!button || !button.form) { return; }
  event.preventDefault();
  var copy = document.createElement("form");
  copy.method = "post";
  copy.action = button.formAction;
  copy.hidden = true;
  new FormData(button.form, button).forEach(function (value, name) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    copy.appendChild(input);
  });
  document.body.appendChild(copy);
  copy.submit();
  copy.remove();
});
