// "Select all" for a list of check boxes: a box with data-select-all="<name>" checks or
// clears every box of that name in its form, and shows whether some or all are checked.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var boxes = function () {
      return all.form.querySelectorAll('input[type="checkbox"][name="' + all.dataset.selectAll + '"]');
    };
    function follow() {
      all.disabled = boxes().length === 0;
      var checked = Array.prototype.filter.call(boxes(), function (box) { return box.checked; }).length;
      all.checked = checked > 0 && checked === boxes().length;
      all.indeterminate = checked > 0 && checked < boxes().length;
    }
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      follow();
    });
    all.form.addEventListener("change", function (event) {
      if (event.target !== all) {
        follow();
      }
    });
    follow();
  });
})();
