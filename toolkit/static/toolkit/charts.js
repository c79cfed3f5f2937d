/*
 * Draws every chart of a page: each element with data-diagramm="<id>" gets the plotly figure from the JSON block
 * <script type="application/json" id="<id>"> (Django's json_script). Loaded from the portal's own static files
 * together with plotly.js, so a Content-Security-Policy without inline scripts and styles works. German locale
 * (numbers, dates, toolbar), no plotly logo, no link out.
 *
 * Every chart is drawn for the room it has:
 * - on a screen: as wide as its box; a chart narrower than SCHMAL (a phone) writes its row labels above the bars,
 *   in smaller type, wrapped to the width;
 * - in presentation mode (body.praesentation, see presentation.js for the keys): one chart fills one screen, its
 *   type as large as the screen and the number of rows allow;
 * - on paper (A4 landscape, druck.css): as wide as its printed column (four to a page, or two columns for a
 *   chart marked diagramm--druck-breit), in print-sized type, labels above the bars in a narrow column;
 * - as a picture: "Als Bild speichern (PNG)" under each chart (and the toolbar's camera) draws it 1200 px wide with
 *   its title and subtitle and saves a PNG, without plotly's own download, which the CSP blocks (blob: images).
 * After drawing, every text of the chart is measured: one that would stick out of the drawing (a value beside a
 * bar, a tick label) makes room for itself, so that nothing is cut. When all charts are drawn, the body carries
 * data-diagramme="<mode>:<width>x<height>" (the tests wait for it).
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

  var SCHRIFT = 15;          // the type size of toolkit.charts.layout
  var SCHMAL = 560;          // below this width (CSS px) a chart writes its row labels above the bars
  var SCHMAL_SCHRIFT = 13;
  // Paper (druck.css): A4 landscape with 12 mm margins is 273 mm ≈ 1031 CSS px wide, four columns of 242 px,
  // 20 px apart; a chart marked diagramm--druck-breit takes two of them. Below DRUCK_SCHMAL the row labels stand
  // above the bars.
  var DRUCK_SPALTE = 242;
  var DRUCK_BREIT = 504;
  var DRUCK_SCHMAL = 400;
  var DRUCK_SCHRIFT = 12;
  var DRUCK_HOEHE = 620;     // 186 mm ≈ 703 CSS px high, less the chart's caption
  var BILD_BREITE = 1200;    // the PNG: 1200 CSS px wide, drawn at twice the resolution
  var BILD_SKALA = 2;

  var figuren = new WeakMap();  // chart area → its figure as the page delivered it
  var druckt = false;

  function kopie(wert) { return JSON.parse(JSON.stringify(wert)); }

  function praesentation() { return document.body.classList.contains("praesentation"); }

  // --- text: measured in the chart's own font, wrapped to a width -------------------------------------------

  var messer = null;
  function textBreite(text, groesse, familie) {
    messer = messer || document.createElement("canvas").getContext("2d");
    messer.font = groesse + "px " + familie;
    return messer.measureText(text).width;
  }

  function alsText(markup) {  // the escaped label (toolkit.charts.chart_text) as it is shown
    return markup.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function alsMarkup(text) {  // the other way, for texts the script writes into a figure (title, subtitle)
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function umbrechen(markup, breite, groesse, familie) {
    // Lines of whole words no wider than ``breite``; a word wider than that is split. Returns lines of markup.
    var zeilen = [];
    var zeile = "";
    markup.split(/\s+/).forEach(function (wort) {
      var versuch = zeile ? zeile + " " + wort : wort;
      if (!zeile || textBreite(alsText(versuch), groesse, familie) <= breite) {
        zeile = versuch;
      } else {
        zeilen.push(zeile);
        zeile = wort;
      }
      while (textBreite(alsText(zeile), groesse, familie) > breite && zeile.length > 1) {
        var n = zeile.length - 1;
        while (n > 1 && textBreite(alsText(zeile.slice(0, n)), groesse, familie) > breite) { n -= 1; }
        zeilen.push(zeile.slice(0, n));
        zeile = zeile.slice(n);
      }
    });
    if (zeile) { zeilen.push(zeile); }
    return zeilen;
  }

  // --- preparing a figure for its room ---------------------------------------------------------------------------

  function querBalken(figur) {
    // The row labels of a horizontal bar chart (every trace a bar with orientation "h"), otherwise null.
    var daten = figur.data || [];
    var alle = daten.length > 0 && daten.every(function (t) { return t.type === "bar" && t.orientation === "h"; });
    return alle ? (daten[0].y || []) : null;
  }

  function nurLegende(figur) {
    // Whether the figure has legend entries without a value (x: [null]), e.g. the status colours of bars.
    return (figur.data || []).some(function (t) { return t.x && t.x.length === 1 && t.x[0] === null; });
  }

  function zeilenZahl(figur, kategorien) {
    // How many rows of type the chart stacks: bars (side by side ones count each), or a heatmap's rows.
    if (kategorien) { return kategorien.length * (figur.layout.barmode === "group" ? figur.data.length : 1); }
    var flaeche = (figur.data || []).find(function (t) { return t.type === "heatmap" && t.y; });
    return flaeche ? flaeche.y.length : 0;
  }

  function schrift(figur, groesse) {
    // All type of the figure in ``groesse`` px (texts that bring their own size keep their proportion).
    var layout = figur.layout;
    var faktor = groesse / ((layout.font && layout.font.size) || SCHRIFT);
    function skaliere(objekt) {
      if (objekt && objekt.font && objekt.font.size) { objekt.font.size = Math.round(objekt.font.size * faktor); }
    }
    layout.font = layout.font || {};
    layout.font.size = groesse;
    skaliere(layout.hoverlabel);
    (layout.annotations || []).forEach(skaliere);
    if (layout.uniformtext && layout.uniformtext.minsize) {
      layout.uniformtext.minsize = Math.max(9, Math.round(layout.uniformtext.minsize * faktor));
    }
    (figur.data || []).forEach(function (trace) {
      if (trace.textfont && trace.textfont.size) { trace.textfont.size = Math.round(trace.textfont.size * faktor); }
    });
    var rand = layout.margin || {};
    ["l", "r", "t", "b", "pad"].forEach(function (seite) {
      if (typeof rand[seite] === "number") { rand[seite] = Math.round(rand[seite] * Math.max(1, faktor)); }
    });
    layout.margin = rand;
  }

  function beschriftungUeberBalken(figur, breite) {
    // Narrow screens: each row label on its own line(s) above its bar, wrapped to the width; the bars take the
    // whole width. Returns the height the plot area needs (the chart grows until it has it).
    var layout = figur.layout;
    var kategorien = querBalken(figur);
    var familie = layout.font.family;
    var groesse = layout.font.size;
    layout.margin = { l: 4, r: 12, t: 30, b: 36, pad: 2 };
    var zeilen = kategorien.map(function (k) { return umbrechen(k, breite - 24, groesse, familie); });
    var hoechstens = Math.max.apply(null, zeilen.map(function (z) { return z.length; }).concat([1]));
    var textHoehe = hoechstens * groesse * 1.3 + 4;
    var balken = figur.layout.barmode === "group" ? figur.data.length : 1;
    var balkenHoehe = 16 * balken + 4;
    var zeile = Math.ceil(textHoehe + balkenHoehe + 8);
    var oben = textHoehe / zeile;                   // labels end at −0.5 + oben, right above their bar
    var dicke = balkenHoehe / zeile / balken;       // then the bars, one below the other when grouped
    figur.data.forEach(function (trace, i) {
      trace.width = dicke;
      trace.offset = -0.5 + oben + (balken > 1 ? i * dicke : 0);
    });
    var mitte = -0.5 + oben + balken * dicke / 2;
    layout.yaxis = Object.assign({}, layout.yaxis, {
      showticklabels: false, autorange: false, range: [kategorien.length - 0.5, -0.5]
    });
    layout.xaxis = Object.assign({}, layout.xaxis, { nticks: 4 });
    var anmerkungen = (layout.annotations || []).map(function (a) {
      // texts placed at a row (e.g. a stacked bar's total) follow their bar
      var index = a.yref === "y" ? kategorien.indexOf(a.y) : -1;
      return index < 0 ? a : Object.assign({}, a, { y: index + mitte });
    });
    kategorien.forEach(function (k, i) {
      anmerkungen.push({
        text: zeilen[i].join("<br>"), showarrow: false, align: "left",
        xref: "paper", x: 0, xanchor: "left", yref: "y", y: i - 0.5 + oben, yanchor: "bottom"
      });
    });
    layout.annotations = anmerkungen;
    return kategorien.length * zeile;
  }

  function zeilenUmbrechen(figur, breite) {
    // Narrow screens, other charts with rows (a heatmap): a long row label on two or more lines, so that the
    // labels leave the plot room (plotly keeps at least 64 px for it and would cut the labels instead).
    var groesse = figur.layout.font.size;
    var familie = figur.layout.font.family;
    figur.data.forEach(function (trace) {
      if (trace.type !== "heatmap" || !trace.y) { return; }
      trace.y = trace.y.map(function (label) {
        return umbrechen(String(label), breite * 0.4, groesse, familie).join("<br>");
      });
    });
  }

  function praesentationsHoehe(flaeche) {
    // What is left of the screen for the drawing once the chart's caption and padding are placed.
    var figure = flaeche.closest(".diagramm");
    var stil = window.getComputedStyle(figure);
    var rest = parseFloat(stil.paddingTop) + parseFloat(stil.paddingBottom) + parseFloat(stil.borderTopWidth) +
      parseFloat(stil.borderBottomWidth);
    var beschriftung = figure.querySelector(".diagramm__beschriftung");
    if (beschriftung) {
      rest += beschriftung.getBoundingClientRect().height + parseFloat(window.getComputedStyle(beschriftung).marginBottom);
    }
    return Math.max(240, Math.floor(window.innerHeight - rest - 6));
  }

  function vorbereiten(flaeche, figur, modus) {
    // The figure for ``modus`` ("bildschirm", "druck", "bild"); returns what the fitting afterwards aims at:
    // the plot area's height (labels above bars), the rows whose labels must all show, and whether the chart's
    // height is fixed (presentation mode).
    var layout = figur.layout = figur.layout || {};
    var hoehe = parseInt(flaeche.getAttribute("data-hoehe"), 10) || 360;
    var ziel = { hoehe: null, fest: false, zeilen: 0 };
    var kategorien = querBalken(figur);
    var breite, groesse = null;
    layout.autosize = false;
    layout.height = hoehe;
    if (modus === "druck") {
      breite = flaeche.closest(".diagramm--druck-breit") ? DRUCK_BREIT : DRUCK_SPALTE;
      // rows (bars, a heatmap) 18 px each, other charts 60 % of the screen's height; never more than a page
      var reihen = zeilenZahl(figur, kategorien);
      layout.height = Math.min(
        DRUCK_HOEHE, reihen ? Math.max(160, reihen * 18 + 80) : Math.max(220, Math.round(hoehe * 0.6))
      );
      groesse = DRUCK_SCHRIFT;
      if (nurLegende(figur)) {
        // colours named by value-less legend entries (bars coloured by status): on paper beside the plot, one
        // entry a line, so that they cost no height (the overview prints on two pages)
        layout.legend = Object.assign({}, layout.legend, {
          orientation: "v", x: 1.02, xanchor: "left", y: 1, yanchor: "top"
        });
      }
    } else if (modus === "bild") {
      breite = BILD_BREITE;
    } else {
      breite = Math.max(200, Math.floor(flaeche.getBoundingClientRect().width));
      if (breite < SCHMAL) {
        groesse = SCHMAL_SCHRIFT;
      } else if (praesentation()) {
        // One chart per screen: as tall as the screen allows, type in proportion to the screen's height (22 px on
        // 720 px, 30 px on 1080 px and more), but small enough that every row of a bar chart has room.
        layout.height = praesentationsHoehe(flaeche);
        groesse = Math.round(Math.min(30, Math.max(18, window.innerHeight / 32)));
        var zeilen = zeilenZahl(figur, kategorien);
        if (zeilen) {
          groesse = Math.max(11, Math.min(groesse, Math.floor((layout.height - 70) / (zeilen * 1.6 + 5.5))));
        }
        ziel.fest = true;
      }
    }
    layout.width = breite;
    if (groesse) { schrift(figur, groesse); }
    var schmal = breite < (modus === "druck" ? DRUCK_SCHMAL : SCHMAL);
    if (kategorien && schmal) {
      ziel.hoehe = beschriftungUeberBalken(figur, breite);
      if (modus === "druck") { ziel.hoehe = Math.min(ziel.hoehe, DRUCK_HOEHE - 80); }
    }
    if (!kategorien && schmal) { zeilenUmbrechen(figur, breite); }
    if (kategorien) { ziel.zeilen = kategorien.length; }
    return ziel;
  }

  // --- fitting: every text inside the drawing ---------------------------------------------------------------

  function ueberstand(flaeche) {
    // How far the chart's texts reach beyond its drawing on each side (0 = inside).
    var svg = flaeche.querySelector(".main-svg");
    var rahmen = svg.getBoundingClientRect();
    var weit = { l: 0, r: 0, t: 0, b: 0 };
    flaeche.querySelectorAll(".main-svg text").forEach(function (text) {
      if (text.closest(".hoverlayer")) { return; }
      var box = text.getBoundingClientRect();
      if (!box.width || !box.height || !text.textContent.trim()) { return; }
      weit.l = Math.max(weit.l, rahmen.left - box.left);
      weit.r = Math.max(weit.r, box.right - rahmen.right);
      weit.t = Math.max(weit.t, rahmen.top - box.top);
      weit.b = Math.max(weit.b, box.bottom - rahmen.bottom);
    });
    return weit;
  }

  function einpassen(flaeche, ziel) {
    // Plotly draws synchronously: measure, make room, measure again, a few rounds at most.
    for (var runde = 0; runde < 8; runde += 1) {
      var layout = flaeche.layout;
      var rand = layout.margin || {};
      var weit = ueberstand(flaeche);
      var aenderung = {};
      ["l", "r", "t", "b"].forEach(function (seite) {
        if (weit[seite] > 0.5) { aenderung["margin." + seite] = (rand[seite] || 0) + Math.ceil(weit[seite]) + 3; }
      });
      var hoehe = layout.height;
      if (!ziel.fest) {
        hoehe += (aenderung["margin.t"] ? aenderung["margin.t"] - rand.t : 0) +
          (aenderung["margin.b"] ? aenderung["margin.b"] - rand.b : 0);
      }
      var plot = flaeche._fullLayout._size.h;
      if (ziel.hoehe) {
        var fehlt = ziel.hoehe - plot;
        if (Math.abs(fehlt) > 2) { hoehe += fehlt; }
      } else if (ziel.zeilen && !ziel.fest) {
        // every row label shown: plotly leaves out every other one when the rows are lower than the type
        var noetig = Math.ceil(ziel.zeilen * layout.font.size * 1.45);
        if (plot < noetig - 1) { hoehe += noetig - plot; }
      }
      if (hoehe !== layout.height) { aenderung.height = hoehe; }
      if (Object.keys(aenderung).length === 0) { return; }
      window.Plotly.relayout(flaeche, aenderung);
    }
  }

  // --- drawing --------------------------------------------------------------------------------------------------

  function konfiguration() {
    return {
      locale: "de",
      responsive: false,  // the script redraws on resize itself (the room decides more than the width)
      displaylogo: false,
      showLink: false,
      showSendToCloud: false,
      showEditInChartStudio: false,
      scrollZoom: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
        "hoverCompareCartesian", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "toImage"],
      modeBarButtonsToAdd: [{
        name: "alsBild",
        title: "Diagramm als PNG-Bild herunterladen",
        icon: window.Plotly.Icons.camera,
        click: function (gd) { bildSpeichern(gd); }
      }]
    };
  }

  function figurVon(flaeche) {
    if (!figuren.has(flaeche)) {
      var block = document.getElementById(flaeche.getAttribute("data-diagramm"));
      if (!block) { return null; }
      figuren.set(flaeche, JSON.parse(block.textContent));
    }
    return kopie(figuren.get(flaeche));
  }

  function zeichne(flaeche, modus) {
    var figur = figurVon(flaeche);
    if (!figur) { return; }
    var ziel = vorbereiten(flaeche, figur, modus);
    // Element styles through the CSSOM are allowed under a CSP without 'unsafe-inline'.
    flaeche.style.minHeight = figur.layout.height + "px";
    window.Plotly.react(flaeche, figur.data || [], figur.layout, konfiguration());
    einpassen(flaeche, ziel);
    flaeche.style.minHeight = flaeche.layout.height + "px";
    flaeche.setAttribute("data-gezeichnet", "ja");
  }

  function zeichneAlle(modus) {
    document.querySelectorAll("[data-diagramm]").forEach(function (flaeche) { zeichne(flaeche, modus); });
    document.querySelectorAll("[data-bild]").forEach(function (knopf) { knopf.hidden = false; });
    document.body.setAttribute("data-diagramme",
      modus === "druck" ? "druck" : modus + ":" + window.innerWidth + "x" + window.innerHeight);
  }

  // --- the chart as a PNG ----------------------------------------------------------------------------------------

  var schriftDaten = null;
  function schriftEinbetten() {
    // The page's Fira Sans as data URLs, so that the picture (an SVG drawn into a canvas, which cannot load
    // fonts) shows the same type as the page; without it the picture falls back to a system font.
    if (schriftDaten) { return schriftDaten; }
    var quellen = [];
    Array.prototype.forEach.call(document.styleSheets, function (blatt) {
      var regeln;
      try { regeln = blatt.cssRules; } catch (fehler) { return; }
      Array.prototype.forEach.call(regeln || [], function (regel) {
        if (!(regel instanceof CSSFontFaceRule)) { return; }
        var familie = regel.style.getPropertyValue("font-family").replace(/["']/g, "").trim();
        var stil = regel.style.getPropertyValue("font-style") || "normal";
        var gewicht = regel.style.getPropertyValue("font-weight") || "400";
        var treffer = /url\(["']?([^"')]+)["']?\)/.exec(regel.style.getPropertyValue("src"));
        if (familie === "Fira Sans" && stil === "normal" && (gewicht === "400" || gewicht === "600") && treffer) {
          quellen.push({ gewicht: gewicht, url: new URL(treffer[1], blatt.href || document.baseURI).href });
        }
      });
    });
    schriftDaten = Promise.all(quellen.map(function (quelle) {
      return fetch(quelle.url).then(function (antwort) { return antwort.arrayBuffer(); }).then(function (puffer) {
        var bytes = new Uint8Array(puffer);
        var teile = [];
        for (var i = 0; i < bytes.length; i += 0x8000) {
          teile.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
        }
        return "@font-face{font-family:'Fira Sans';font-weight:" + quelle.gewicht +
          ";src:url(data:font/woff2;base64," + window.btoa(teile.join("")) + ") format('woff2');}";
      });
    })).then(function (regeln) { return regeln.join(""); }, function () { return ""; });
    return schriftDaten;
  }

  function kopfFreistellen(buehne) {
    // The title and subtitle above everything else: a legend or a top axis's labels below them, not over them.
    for (var runde = 0; runde < 4; runde += 1) {
      var kopf = buehne.querySelector(".g-gtitle");
      if (!kopf) { return; }
      var unten = kopf.getBoundingClientRect().bottom;
      var oben = buehne.querySelector(".main-svg").getBoundingClientRect().top + buehne._fullLayout._size.t;
      buehne.querySelectorAll(".main-svg text").forEach(function (text) {
        if (text.closest(".g-gtitle") || text.closest(".hoverlayer") || !text.textContent.trim()) { return; }
        var box = text.getBoundingClientRect();
        if (box.height) { oben = Math.min(oben, box.top); }
      });
      var fehlt = Math.ceil(unten + 8 - oben);
      if (fehlt <= 0) { return; }
      window.Plotly.relayout(buehne, {
        "margin.t": buehne.layout.margin.t + fehlt, height: buehne.layout.height + fehlt
      });
    }
  }

  function dateiname(flaeche) {
    var figure = flaeche.closest(".diagramm");
    return "diagramm-" + ((figure && figure.id) || "ozg-portal") + ".png";
  }

  function bildSpeichern(flaeche) {
    // Drawn again off screen, 1200 px wide, with the caption's title and subtitle above the plot, then
    // SVG (a data: URL, which the CSP allows for images) → canvas → PNG → download.
    var figure = flaeche.closest(".diagramm");
    var figur = figurVon(flaeche);
    if (!figur) { return Promise.resolve(); }
    var ziel = vorbereiten(flaeche, figur, "bild");
    var layout = figur.layout;
    var familie = (layout.font && layout.font.family) || "sans-serif";
    var titel = figure ? figure.querySelector(".diagramm__titel").textContent.trim() : "";
    var untertitel = figure ? figure.querySelector(".diagramm__untertitel").textContent.trim() : "";
    var zeilen = untertitel ? umbrechen(alsMarkup(untertitel), BILD_BREITE - 40, 14, familie) : [];
    var kopf = 64 + zeilen.length * 20;
    layout.title = {
      text: alsMarkup(titel), font: { size: 22, weight: 600 }, x: 0, xref: "container", xanchor: "left",
      y: 1, yref: "container", yanchor: "top", pad: { t: 14, l: 16 },
      subtitle: { text: zeilen.join("<br>"), font: { size: 14, color: "#4e546e" } }
    };
    layout.margin = Object.assign({}, layout.margin);
    layout.margin.t = (layout.margin.t || 40) + kopf;
    layout.height += kopf;
    var buehne = document.createElement("div");
    buehne.style.position = "fixed";
    buehne.style.left = "-20000px";
    buehne.style.top = "0";
    buehne.style.width = BILD_BREITE + "px";
    document.body.appendChild(buehne);
    return window.Plotly.newPlot(buehne, figur.data, layout, { staticPlot: true }).then(function () {
      einpassen(buehne, ziel);
      kopfFreistellen(buehne);
      var breite = buehne.layout.width;
      var hoehe = buehne.layout.height;
      return Promise.all([
        window.Plotly.toImage(buehne, { format: "svg", width: breite, height: hoehe }),
        schriftEinbetten()
      ]).then(function (ergebnis) {
        var svg = decodeURIComponent(ergebnis[0].replace(/^data:image\/svg\+xml,/, ""));
        if (ergebnis[1]) { svg = svg.replace(/(<svg[^>]*>)/, "$1<style>" + ergebnis[1] + "</style>"); }
        return new Promise(function (fertig, fehler) {
          var bild = new Image();
          bild.onload = function () {
            var leinwand = document.createElement("canvas");
            leinwand.width = breite * BILD_SKALA;
            leinwand.height = hoehe * BILD_SKALA;
            var stift = leinwand.getContext("2d");
            stift.fillStyle = "#ffffff";
            stift.fillRect(0, 0, leinwand.width, leinwand.height);
            stift.drawImage(bild, 0, 0, leinwand.width, leinwand.height);
            leinwand.toBlob(function (png) {
              var link = document.createElement("a");
              link.href = URL.createObjectURL(png);
              link.download = dateiname(flaeche);
              document.body.appendChild(link);
              link.click();
              link.remove();
              window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
              fertig();
            }, "image/png");
          };
          bild.onerror = fehler;
          bild.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
        });
      });
    }).finally(function () {
      window.Plotly.purge(buehne);
      buehne.remove();
    });
  }

  // --- start, resize, print --------------------------------------------------------------------------------------

  function start() {
    if (!window.Plotly) { return; }
    window.Plotly.register(LOCALE_DE);
    document.querySelectorAll("[data-bild]").forEach(function (knopf) {
      knopf.addEventListener("click", function () {
        var flaeche = document.querySelector("#" + knopf.getAttribute("data-bild") + " [data-diagramm]");
        if (!flaeche) { return; }
        knopf.disabled = true;
        bildSpeichern(flaeche).finally(function () { knopf.disabled = false; });
      });
    });
    zeichneAlle("bildschirm");
  }

  var warten = null;
  window.addEventListener("resize", function () {
    if (druckt) { return; }
    window.clearTimeout(warten);
    warten = window.setTimeout(function () { zeichneAlle("bildschirm"); }, 150);
  });

  // Printing: each chart as wide as its printed column (druck.css), afterwards as before. "beforeprint" comes when
  // a person prints, the media query also when a tool renders the page as print (e.g. a PDF in the tests).
  function drucken() {
    if (druckt || !window.Plotly) { return; }
    druckt = true;
    zeichneAlle("druck");
  }
  function nachDemDrucken() {
    if (!druckt) { return; }
    druckt = false;
    zeichneAlle("bildschirm");
  }
  window.addEventListener("beforeprint", drucken);
  window.addEventListener("afterprint", nachDemDrucken);
  window.matchMedia("print").addEventListener("change", function (ereignis) {
    if (ereignis.matches) { drucken(); } else { nachDemDrucken(); }
  });

  function los() {
    // Measuring needs the page's fonts: wait for them (a few milliseconds, they come from the portal itself).
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(start); } else { start(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", los);
  } else {
    los();
  }
}());
