# Norwegian writes the day as an ordinal: "8. desember 2026".
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i"
SHORT_DATE_FORMAT = "j. b Y"
SHORT_DATETIME_FORMAT = "j. b Y, H:i"
