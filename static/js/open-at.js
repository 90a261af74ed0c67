// On a phone, a long page opens where its reader needs it: the element named by data-open-at on
// the page's jump link, unless the address already asks for a place (#...).
(function () {
  "use strict";
  var link = document.querySelector("[data-open-at]");
  if (!link || window.location.hash || !window.matchMedia("(max-width: 767.98px)").matches) {
    return;
  }
  var target = document.querySelector(link.dataset.openAt);
  if (target) {
    target.scrollIntoView({ block: "start" });
  }
})();
