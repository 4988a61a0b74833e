"""Text normalisation shared by models, forms and imports.

Bureau sheets mix full-width and half-width characters, stray spaces and line breaks. Two school
names are the same school when their normalised keys are equal.
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII variants (ＡＢＣ１２３（）) become their half-width forms."""
    return unicodedata.normalize("NFKC", text)


def clean_text(text: str | None) -> str:
    """Trim, collapse inner whitespace to one space, keep the original width."""
    if text is None:
        return ""
    return _SPACE.sub(" ", str(text)).strip()


def name_key(name: str | None) -> str:
    """The comparison key of a name: half-width, no whitespace at all, lower-case."""
    return _SPACE.sub("", to_halfwidth(name or "")).lower()


def clean_digits(text: str | None) -> str:
    """A code as typed, with full-width digits and surrounding spaces tolerated."""
    return _SPACE.sub("", to_halfwidth(str(text or "")))
