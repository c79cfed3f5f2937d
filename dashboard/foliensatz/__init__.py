"""The Foliensatz: the status slides for a meeting as a PowerPoint file (16:9) built from live data.

- :mod:`.auswahl`: Stichtag and comparison Erhebung from a request, and the overview's download form;
- :mod:`.daten`: every figure, from the selectors the pages and ``/daten/`` use (a fixed number of queries);
- :mod:`.diagramme`: native, editable charts with German number and date formats and the portal's colours;
- :mod:`.folien`: the slide layout (title, caption with base, Stichtag and source, footer);
- :mod:`.praesentation`: the slides, following the deck "OZG-Umsetzungsstand".

The modules are imported where they are used (the overview imports :mod:`.auswahl`), not here, so that the
package can be imported from the views without a cycle.
"""
