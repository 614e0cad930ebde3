// A bulk activation's progress page (api/admin/pages.tsx) without reloading: polls the batch's progress
// (GET /api/organizations/:orgId/activations/:batchId, which takes the administrator's session) and updates
// the bar and the counts until every user has answered, declined, lapsed or could not be mailed.
(function () {
  'use strict';
  var section = document.getElementById('activation-progress');
  if (!section || !window.fetch) return;
  var url = section.getAttribute('data-progress-url');
  var bar = document.getElementById('progress-bar');
  var everyMs = 1000;

  function show(progress) {
    bar.max = progress.total;
    bar.value = progress.active;
    bar.textContent = progress.active + ' / ' + progress.total;
    section.querySelectorAll('[data-count]').forEach(function (element) {
      element.textContent = String(progress[element.getAttribute('data-count')]);
    });
    section.querySelector('[data-when="sending"]').hidden = progress.done;
    section.querySelector('[data-when="done"]').hidden = !progress.done;
  }

  function settled(progress) {
    return progress.done && progress.active + progress.rejected + progress.expired + progress.failed >= progress.total;
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (progress) {
        show(progress);
        if (!settled(progress)) setTimeout(poll, everyMs);
      })
      .catch(function () {
        // The refresh link stays: a failed poll (logged out, offline) stops the updates, not the page.
      });
  }

  setTimeout(poll, everyMs);
})();
