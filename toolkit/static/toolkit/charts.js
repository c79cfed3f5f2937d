/*
 * Draws every chart of a page: each element with data-diagramm="<id>" gets the plotly figure from the JSON block
 * <script type="application/json" id="<id>"> (Django's json_script). The only script of the portal besides
 * plotly.js itself, loaded from the portal's own static files, so a Content-Security-Policy without inline
 * scripts works. German locale (numbers, dates, toolbar), no plotly logo, no link out.
 */
(function () {
  "use strict";

  var LOCALE_DE = {
    moduleType: "locale",
    name: "de",
    dictionary: {
      "Autoscale": "Automatische Skalierung",
      "Box Select": "Rechteckauswahl",
      "Compare data on hover": "Werte beim Überfahren vergleichen",
      "Double-click on legend to isolate one trace": "Doppelklick auf die Legende zeigt nur diese Reihe",
      "Double-click to zoom back out": "Doppelklick zum Herauszoomen",
      "Download plot": "Diagramm herunterladen",
      "Download plot as a PNG": "Diagramm als PNG-Bild herunterladen",
      "Download plot as JSON": "Diagramm als JSON herunterladen",
      "Image download succeeded": "Bild heruntergeladen",
      "JSON download succeeded": "JSON heruntergeladen",
      "Lasso Select": "Lassoauswahl",
      "Pan": "Verschieben",
      "Preparing image - this may take a few seconds": "Bild wird vorbereitet – das kann einige Sekunden dauern",
      "Produced with Plotly.js": "Erstellt mit Plotly.js",
      "Reset": "Zurücksetzen",
      "Reset axes": "Achsen zurücksetzen",
      "Reset view": "Ansicht zurücksetzen",
      "Reset views": "Ansichten zurücksetzen",
      "Show closest data on hover": "Nächstgelegenen Wert beim Überfahren zeigen",
      "Sorry, there was a problem downloading your image!": "Das Bild konnte leider nicht heruntergeladen werden.",
      "Toggle Spike Lines": "Hilfslinien ein-/ausschalten",
      "Toggle show closest data on hover": "Nächstgelegenen Wert ein-/ausblenden",
      "Zoom": "Zoomen",
      "Zoom in": "Vergrößern",
      "Zoom out": "Verkleinern",
      "trace": "Reihe",
      "kde:": "KDE:"
    },
    format: {
      days: ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
      shortDays: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
      months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
        "November", "Dezember"],
      shortMonths: ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
      date: "%d.%m.%Y",
      decimal: ",",
      thousands: "."
    }
  };

  var KONFIGURATION = {
    locale: "de",
    responsive: true,
    displaylogo: false,
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    scrollZoom: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
      "hoverCompareCartesian", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d"],
    toImageButtonOptions: { format: "png", filename: "ozg-portal-diagramm", scale: 2 }
  };

  function vergroessern(layout, faktor) {
    // Presentation mode: everything readable from the back of the room.
    function schrift(objekt) {
      if (objekt && objekt.font && objekt.font.size) { objekt.font.size = Math.round(objekt.font.size * faktor); }
    }
    layout.font = layout.font || {};
    layout.font.size = Math.round((layout.font.size || 15) * faktor);
    schrift(layout.hoverlabel);
    (layout.annotations || []).forEach(schrift);
    // Larger fonts need larger margins; the axes also make room for themselves (automargin in toolkit/charts.py).
    var rand = layout.margin || {};
    ["l", "r", "t", "b", "pad"].forEach(function (seite) {
      if (typeof rand[seite] === "number") { rand[seite] = Math.round(rand[seite] * faktor); }
    });
    layout.margin = rand;
    return layout;
  }

  function zeichne(flaeche) {
    var block = document.getElementById(flaeche.getAttribute("data-diagramm"));
    if (!block) { return; }
    var figur = JSON.parse(block.textContent);
    var layout = figur.layout || {};
    var praesentation = document.body.classList.contains("praesentation");
    var hoehe = parseInt(flaeche.getAttribute("data-hoehe"), 10) || 360;
    layout.height = praesentation ? Math.round(hoehe * 1.6) : hoehe;
    if (praesentation) { vergroessern(layout, 1.6); }
    // Element styles through the CSSOM are allowed under a CSP without 'unsafe-inline'.
    flaeche.style.minHeight = layout.height + "px";
    window.Plotly.newPlot(flaeche, figur.data || [], layout, KONFIGURATION).then(function () {
      flaeche.setAttribute("data-gezeichnet", "ja");
    });
  }

  function start() {
    if (!window.Plotly) { return; }
    window.Plotly.register(LOCALE_DE);
    document.querySelectorAll("[data-diagramm]").forEach(zeichne);
  }

  // Printing (A4 landscape, see druck.css): every chart as wide as the printable area, afterwards as before.
  var DRUCKBREITE = 1000;
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("[data-gezeichnet]").forEach(function (flaeche) {
      window.Plotly.relayout(flaeche, { width: DRUCKBREITE });
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("[data-gezeichnet]").forEach(function (flaeche) {
      window.Plotly.relayout(flaeche, { width: null }).then(function () { window.Plotly.Plots.resize(flaeche); });
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
