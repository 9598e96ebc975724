"""Days, months and the words around dates.

Owns the weekday and month names (in calendar order: Monday is 0 like ``date.weekday()``, January is
month 1), their lowercase forms and abbreviations, the words a site's dateline line may consist of
("Updated: Mon. Dec 4th, 2023 10:02 GMT"), the adverbs that place an event after the previous one
("then", "later"), and the weekday and month pattern fragments the time-expression regexes are built
from.
"""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# Lowercase, for matching tokens.
WEEKDAY_WORDS = frozenset(d.lower() for d in WEEKDAYS)
WEEKDAY_ABBREVIATIONS = frozenset({"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"})
MONTH_ABBREVIATIONS = frozenset({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
MONTH_WORDS = frozenset(m.lower() for m in MONTHS) | MONTH_ABBREVIATIONS

# Every word a dateline line may hold besides numbers: day and month names, ordinal suffixes, clock
# and time-zone words, and the labels sites put before the date.
DATELINE_WORDS = MONTH_WORDS | WEEKDAY_WORDS | WEEKDAY_ABBREVIATIONS | {
    "st", "nd", "rd", "th", "am", "pm", "a", "p", "m", "t", "z",
    "gmt", "utc", "bst", "cet", "cest", "eet", "eest", "msk", "ist", "kst", "jst", "hkt", "sgt", "aest", "aedt",
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "updated", "published", "posted",
    "last", "modified", "first", "on", "at", "date", "of"}

# Adverbs that place an event after the one before it ("Kim then toured the cosmodrome").
SEQUENCE_ADVERBS = frozenset({"then", "later", "afterwards", "afterward", "subsequently", "next"})

# Regex fragments (no groups that capture), matched case-insensitively by their users.
WEEKDAY_PATTERN = "(?:" + "|".join(d.lower() for d in WEEKDAYS) + ")"
MONTH_PATTERN = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                 r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
