"""Text normalisation shared by models, forms and imports.

Bureau sheets mix full-width and half-width characters, stray spaces and line breaks, and text
pasted from web pages or chat apps carries invisible characters: zero-width spaces, byte-order
marks, soft hyphens, direction marks (Unicode category Cf, "format"). Two school names are the same
school when their normalised keys are equal, so every cleaning function here removes the format
characters: "张\u200b三" and "张三" must never become two teachers.
"""

import functools
import re
import unicodedata

_SPACE = re.compile(r"\s+")

# Every code point of Unicode category Cf (format characters) in Python 3.11's Unicode 14 data:
# soft hyphen, Arabic number signs, zero-width space/non-joiner/joiner, direction marks and
# embeddings, word joiner, invisible operators, BOM, interlinear annotation, tag characters, …
# Written out because deriving it walks 1.1 million code points at every start;
# tests/core/test_text.py checks it against unicodedata.
_FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]+"
)


def strip_format_chars(text: str) -> str:
    """Remove invisible format characters (category Cf: ZWSP, BOM, soft hyphen, …)."""
    if text.isprintable():  # C-speed check: no format character, no space other than " "
        return text
    return _FORMAT_CHARS.sub("", text)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII variants (ＡＢＣ１２３（）) become their half-width forms."""
    return unicodedata.normalize("NFKC", text)


# The functions below run on every cell of an import, and a cell may hold 32,767 characters:
# text that ``str.isprintable()`` accepts (no format character, no whitespace but " ") takes a
# fast path of C-speed string methods instead of scanning it with a regex, and the answers for
# the last few long texts are remembered (a hostile sheet repeats one such text 99,000 times).

LONG_TEXT = 256


def _remember_long_texts(func):
    remembered = functools.lru_cache(maxsize=32)(func)

    @functools.wraps(func)
    def clean(text):
        if isinstance(text, str) and len(text) > LONG_TEXT:
            return remembered(text)
        return func(text)

    return clean


@_remember_long_texts
def clean_text(text: str | None) -> str:
    """Trim, collapse inner whitespace to one space, drop format characters; keep the width."""
    if text is None:
        return ""
    text = str(text)
    if text.isprintable() and "  " not in text:
        return text.strip()
    return _SPACE.sub(" ", strip_format_chars(text)).strip()


@_remember_long_texts
def name_key(name: str | None) -> str:
    """The comparison key of a name: half-width, no whitespace or format characters, lower-case."""
    text = to_halfwidth(name or "")
    if text.isprintable():
        return text.replace(" ", "").lower()
    return _SPACE.sub("", strip_format_chars(text)).lower()


@_remember_long_texts
def clean_digits(text: str | None) -> str:
    """A code as typed, with full-width digits, spaces and format characters tolerated."""
    text = to_halfwidth(str(text or ""))
    if text.isprintable():
        return text.replace(" ", "")
    return _SPACE.sub("", strip_format_chars(text))
