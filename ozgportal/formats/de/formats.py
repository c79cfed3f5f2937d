"""Dates as a German administration writes them: 28.11.2026 and 28.11.2026 16:37, also in the admin.

Django's own German formats spell the month out ("28. November 2026"); everything not set here (input formats,
"Januar 2021" in the admin's date drill-down, the decimal comma) stays as Django has it.
"""

DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
