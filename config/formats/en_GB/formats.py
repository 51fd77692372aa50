"""British English date formats as the desk has always written them (24-hour clock).

Django's en_GB defaults write "5 Mar 2026, 2:30 p.m."; the desk writes
"5 Mar 2026 14:30". German and Chinese use Django's formats for their language.
"""

DATETIME_FORMAT = "j M Y H:i"
MONTH_DAY_FORMAT = "j M"
