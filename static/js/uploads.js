// A file larger than any form takes is refused in the browser, before it is sent: the server
// would answer 413 without reading it (core/uploads.py), and some browsers then show a reset
// connection instead of the answer. The limit and the message come from <body data-max-file-*>.
(function () {
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('input[type="file"]')) { return; }
    var limit = parseInt(document.body.dataset.maxFileBytes, 10);
    var tooLarge = Array.prototype.some.call(input.files || [], function (file) {
      return !isNaN(limit) && file.size > limit;
    });
    input.setCustomValidity(tooLarge ? document.body.dataset.maxFileMessage || "" : "");
    if (tooLarge) { input.reportValidity(); }
  });
})();
