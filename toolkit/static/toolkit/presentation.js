/*
 * Presentation mode (body.praesentation): the keyboard moves from chart to chart, one chart per screen.
 *   → or Bild ↓ (PageDown): the next chart; ← or Bild ↑ (PageUp): the previous one (before the first: the top of
 *   the page); Esc: back to the same page without presentation mode.
 * The chart shown gets the focus (its caption names it) and a live region (data-praesentation-ansage) says
 * "Diagramm 2 von 5: <title>" for screen readers. Keys typed into a form field are left alone.
 * Starting the mode shows the first chart, fitted to the screen, as soon as charts.js has drawn it for this screen
 * (body[data-diagramme]); unless the address points into the page (#…) or the reader has scrolled already.
 */
(function () {
  "use strict";

  var WEITER = { ArrowRight: 1, PageDown: 1 };
  var ZURUECK = { ArrowLeft: -1, PageUp: -1 };

  function diagramme() {
    return Array.prototype.filter.call(document.querySelectorAll(".diagramm"), function (figure) {
      return figure.getClientRects().length > 0;  // shown
    });
  }

  function ansagen(text) {
    var ansage = document.querySelector("[data-praesentation-ansage]");
    if (ansage) { ansage.textContent = text; }
  }

  function zeige(liste, index) {
    var figure = liste[index];
    figure.scrollIntoView({ block: "start", inline: "nearest", behavior: "instant" });
    figure.focus({ preventScroll: true });
    var titel = figure.querySelector(".diagramm__titel");
    ansagen("Diagramm " + (index + 1) + " von " + liste.length + (titel ? ": " + titel.textContent.trim() : ""));
  }

  function blaettern(richtung) {
    var liste = diagramme();
    if (!liste.length) { return; }
    var oben = liste.map(function (figure) { return figure.getBoundingClientRect().top; });
    var index;
    if (richtung > 0) {
      index = oben.findIndex(function (y) { return y > 1; });
      if (index < 0) { index = liste.length - 1; }
    } else {
      index = -1;
      oben.forEach(function (y, i) { if (y < -1) { index = i; } });
      if (index < 0) {
        window.scrollTo({ top: 0, behavior: "instant" });
        ansagen("Anfang der Seite");
        return;
      }
    }
    zeige(liste, index);
  }

  function ersteZeigen() {
    var liste = diagramme();
    if (liste.length) { zeige(liste, 0); }
  }

  function beimStart() {
    if (!document.body.classList.contains("praesentation") || window.location.hash) { return; }
    var gezeichnet = function () {
      var modus = document.body.getAttribute("data-diagramme") || "";
      return modus.indexOf("bildschirm:") === 0;
    };
    if (gezeichnet()) {
      if (window.scrollY < 1) { ersteZeigen(); }
      return;
    }
    var beobachter = new MutationObserver(function () {
      if (!gezeichnet()) { return; }
      beobachter.disconnect();
      if (window.scrollY < 1) { ersteZeigen(); }
    });
    beobachter.observe(document.body, { attributes: true, attributeFilter: ["data-diagramme"] });
  }

  function imFormular(ziel) {
    return ziel && ziel.closest && ziel.closest("input, select, textarea, [contenteditable]");
  }

  document.addEventListener("keydown", function (ereignis) {
    if (!document.body.classList.contains("praesentation")) { return; }
    if (ereignis.altKey || ereignis.ctrlKey || ereignis.metaKey || ereignis.shiftKey || ereignis.defaultPrevented) {
      return;
    }
    if (ereignis.key === "Escape") {
      var adresse = new URL(window.location.href);
      adresse.searchParams.delete("praesentation");
      ereignis.preventDefault();
      window.location.assign(adresse.href);
      return;
    }
    var richtung = WEITER[ereignis.key] || ZURUECK[ereignis.key];
    if (!richtung || imFormular(ereignis.target)) { return; }
    ereignis.preventDefault();
    blaettern(richtung);
  });

  beimStart();
}());
