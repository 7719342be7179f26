# nl-BE as Flemish government documents write it: 1/03/2026, 1.307, 100,5
DATE_FORMAT = "j/m/Y"
SHORT_DATE_FORMAT = "j/m/Y"
DATETIME_FORMAT = "j/m/Y H:i"
SHORT_DATETIME_FORMAT = "j/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
