// Portal access on the Clients page and the profile: the Edit login, notify, email sync fields
// of More actions, and pop-ups that arrive by htmx (Send invitation). Works across htmx swaps.
(function () {
  function showAccessFields() {
    var select = document.querySelector("[data-bulk-action]");
    var editing = select && select.value === "edit_access";
    document.querySelectorAll("[data-access-fields]").forEach(function (card) { card.hidden = !editing; });
    document.querySelectorAll("[data-bulk-apply]").forEach(function (button) { button.hidden = editing; });
  }

  function openPopups() {
    document.querySelectorAll(".modal[data-auto-open]").forEach(function (modal) {
      modal.removeAttribute("data-auto-open");
      document.body.appendChild(modal);
      modal.addEventListener("hidden.bs.modal", function () { modal.remove(); });
      bootstrap.Modal.getOrCreateInstance(modal).show();
    });
  }

  function refresh() { showAccessFields(); openPopups(); }

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-bulk-action]")) { showAccessFields(); }
  });
  document.addEventListener("htmx:afterSettle", refresh);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();
