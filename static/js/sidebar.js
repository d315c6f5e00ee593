// While the phone's off-canvas menu is open Bootstrap makes it a dialog, and a dialog needs a
// name (WCAG 4.1.2); on a wide screen it is a plain sidebar, where a name is not allowed.
document.addEventListener("DOMContentLoaded", function () {
  var sidebar = document.getElementById("sidebar");
  if (!sidebar) return;
  sidebar.addEventListener("show.bs.offcanvas", function () {
    sidebar.setAttribute("aria-label", sidebar.dataset.dialogLabel);
  });
  sidebar.addEventListener("hidden.bs.offcanvas", function () {
    sidebar.removeAttribute("aria-label");
  });
});
