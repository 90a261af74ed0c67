// "Add an item" on the pledge form: a blank item copied from the page's template, without a
// round trip. Without this script the button posts the form, which comes back with one more.
(function () {
  "use strict";
  const button = document.getElementById("add-item");
  const template = document.getElementById("pledge-item-template");
  const total = document.getElementById("id_items-TOTAL_FORMS");
  if (!button || !template || !total) return;
  const max = parseInt(button.dataset.max, 10);
  button.addEventListener("click", function (event) {
    event.preventDefault();
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    document.getElementById("pledge-items").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = document.getElementById("pledge-items").lastElementChild;
    added.querySelector("textarea, input:not([type=hidden]), select").focus();
    if (index + 1 >= max) button.hidden = true;
  });
})();
