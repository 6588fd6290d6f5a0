# Swahili as used in Kenya: day before month, 24-hour clock, "." for decimals and "," for thousands
# (Kenya National Bureau of Statistics and Central Bank of Kenya publications). Django ships sw
# translations of month and day names but no sw formats, so without this file Swahili pages would
# fall back to the US order (12/04/2026).
DATE_FORMAT = "j F Y"  # 4 Desemba 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y H:i"  # 4 Desemba 2026 14:30
YEAR_MONTH_FORMAT = "F Y"  # Desemba 2026
MONTH_DAY_FORMAT = "j F"  # 4 Desemba
SHORT_DATE_FORMAT = "d/m/Y"  # 04/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 04/12/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-04
    "%d/%m/%Y",  # 04/12/2026
    "%d/%m/%y",  # 04/12/26
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-04 14:30:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-12-04 14:30:59.000200
    "%Y-%m-%d %H:%M",  # 2026-12-04 14:30
    "%d/%m/%Y %H:%M:%S",  # 04/12/2026 14:30:59
    "%d/%m/%Y %H:%M",  # 04/12/2026 14:30
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
