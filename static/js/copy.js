// A "Copy" button copies the text of the field its data-copy names, and says so for a moment.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var label = button.innerHTML;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var done = function () {
        button.textContent = button.dataset.copied;
        window.setTimeout(function () {
          button.innerHTML = label;
        }, 2000);
      };
      // The clipboard API needs a secure page (https); over plain http the field is selected.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done);
      } else {
        field.select();
        document.execCommand("copy");
        done();
      }
    });
  });
})();
