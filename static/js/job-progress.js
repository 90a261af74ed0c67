// The job's page follows its progress: poll the status every second, move the bar, and
// reload when the job has finished, or has stalled or gone on again, so that the page shows the
// result, why it failed, or the retry.
(function () {
  "use strict";
  var card = document.getElementById("job");
  if (!card) {
    return;
  }
  var url = card.dataset.statusUrl;
  var part = function (name) {
    return card.querySelector('[data-job="' + name + '"]');
  };
  function show(status) {
    part("state").textContent = status.state_label;
    part("percent").textContent = status.percent + "%";
    part("bar").value = status.percent;
    part("bar").textContent = status.percent + "%";
    part("message").textContent = status.message;
    card.dataset.state = status.state;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished || String(status.stalled) !== card.dataset.stalled) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
