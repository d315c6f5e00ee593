// A table that scrolls sideways inside its own box (phones: portico.css) takes the keyboard's
// focus, so it can be scrolled without a mouse (WCAG 2.1.1; axe's scrollable-region-focusable).
(function () {
  function mark() {
    document.querySelectorAll("main table, main .table-responsive").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1 && getComputedStyle(table).overflowX === "auto";
      if (scrolls && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.dataset.scrollRegion = "";
      } else if (!scrolls && "scrollRegion" in table.dataset) {
        table.removeAttribute("tabindex");
        delete table.dataset.scrollRegion;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:afterSettle", mark);
  window.addEventListener("resize", mark);
})();
