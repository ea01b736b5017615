# Dates as the portal writes them in running text ("8 December 2026"); Django's own formats
# cover everything else. templates use `date:"DATE_FORMAT"` / `date:"DATETIME_FORMAT"`.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
