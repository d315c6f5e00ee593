// The calendar (work/_calendar.html): drag a task to another day of the month view to move it
// there (the keyboard's way is Edit), and the assignee filter that shows as soon as it changes.
// Everything else works without this file.
(function () {
  var dragged = null;

  function csrfToken() {
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"] || "";
  }

  function dropCell(event) {
    return dragged && event.target.closest ? event.target.closest("[data-drop-date]") : null;
  }

  function clearTargets() {
    document.querySelectorAll(".drop-target").forEach(function (cell) { cell.classList.remove("drop-target"); });
  }

  function showError(text) {
    var alert = document.querySelector("[data-calendar-alert]");
    if (alert) { alert.textContent = text || alert.dataset.networkError; alert.hidden = false; }
  }

  document.addEventListener("dragstart", function (event) {
    dragged = event.target.closest ? event.target.closest("[data-move-url]") : null;
    if (dragged) {
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.moveUrl);
    }
  });

  document.addEventListener("dragover", function (event) {
    var cell = dropCell(event);
    if (!cell) { return; }
    event.preventDefault();
    clearTargets();
    cell.classList.add("drop-target");
  });

  document.addEventListener("dragend", function () { dragged = null; clearTargets(); });

  document.addEventListener("drop", function (event) {
    var cell = dropCell(event);
    if (!cell) { return; }
    event.preventDefault();
    var url = dragged.dataset.moveUrl;
    dragged = null;
    clearTargets();
    var body = new FormData();
    body.append("date", cell.dataset.dropDate);
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" }
    }).then(function (response) {
      if (response.ok) { window.location.reload(); } else { response.text().then(showError); }
    }, function () { showError(""); });
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-auto-submit]")) { event.target.form.requestSubmit(); }
  });
})();
