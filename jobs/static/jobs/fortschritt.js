// Shows a job's progress without reloading the page (jobs/_fortschritt.html): asks the server once a second and
// updates the progress bar and the line of text; once the job has ended it reloads the page, which then shows the
// result. A failed request is retried after five seconds. No inline script: the Content-Security-Policy allows none.
(function () {
  "use strict";
  var box = document.querySelector("[data-fortschritt-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-fortschritt-url");
  var balken = box.querySelector("progress");
  var text = box.querySelector("[data-fortschritt-text]");
  var hinweis = box.querySelector("[data-fortschritt-hinweis]");

  function zeigen(stand) {
    if (stand.beendet) {
      window.location.reload();
      return;
    }
    if (stand.gesamt) {
      balken.max = stand.gesamt;
      balken.value = stand.erledigt || 0;
      balken.textContent = stand.prozent + " %";
    } else {
      balken.removeAttribute("value");
      balken.textContent = "";
    }
    if (text.textContent !== stand.text) {
      text.textContent = stand.text;
    }
    hinweis.textContent = stand.hinweis || "";
    hinweis.hidden = !stand.hinweis;
    window.setTimeout(fragen, 1000);
  }

  function fragen() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (antwort) {
        if (!antwort.ok) {
          throw new Error(String(antwort.status));
        }
        return antwort.json();
      })
      .then(zeigen)
      .catch(function () {
        window.setTimeout(fragen, 5000);
      });
  }

  window.setTimeout(fragen, 1000);
})();
