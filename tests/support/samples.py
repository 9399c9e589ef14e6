"""Hostile text the application must keep exactly and export cleanly."""

ONE_MB = "Long paste: " + ("The patient waited four hours without an update. " * 21000)[:1_000_000]

HOSTILE_TEXTS = {
    "control characters": "bell\x07 nul\x00 escape\x1b vertical\x0b formfeed\x0c del\x7f end",
    "tabs and newlines": "first\tsecond\nnext line\r\nwindows line\rold mac",
    "emoji sequences": "family 👩‍👩‍👧‍👦 flag 🇳🇴 skin 👍🏽 keycap 1️⃣",
    "right to left": "המטופל חיכה שעתיים — المريض انتظر ساعتين",
    "bidi controls": "\u202eevil\u202c \u2066isolate\u2069 \u200f",
    "combining marks": "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o e\u0301",
    "non-characters": "\ufffe\uffff private \ue000 \U0010fffd",
    "lone surrogate": "broken \ud800 pair \udfff",
    "one megabyte": ONE_MB,
}
