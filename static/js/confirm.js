// The confirmation step (portico/core/confirm.py): a modal that arrives by htmx opens at once and
// goes away when closed. Without JavaScript the same question is a page of its own.
(function () {
  function open() {
    document.querySelectorAll(".modal[data-confirm-modal]").forEach(function (modal) {
      modal.removeAttribute("data-confirm-modal");
      modal.addEventListener("hidden.bs.modal", function () { modal.remove(); });
      bootstrap.Modal.getOrCreateInstance(modal).show();
    });
  }
  document.addEventListener("htmx:afterSettle", open);
})();
