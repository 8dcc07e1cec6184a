"""Who sent a comment: one mailbox is one sender, however its address is spelled.

Limits, duplicate checks, the sender's history, auto-approval and erasure compare `normalise_email(address)`
(stored as `CommentModeration.sender_key`), while the comment keeps the address as the reader typed it.
"""

import re
import unicodedata

import idna

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt); Python's unicodedata does not expose it.
# Besides the format characters (category Cf) it holds U+034F, the Hangul fillers, the variation selectors and
# the reserved ranges, which all render as nothing.
DEFAULT_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
# Control, format, surrogate, private-use and unassigned code points, and the line and paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_QUOTED_PAIR = re.compile(r"\\(.)")


def is_invisible(char: str) -> bool:
    code = ord(char)
    if unicodedata.category(char) in REFUSED_CATEGORIES:
        return True
    return any(low <= code <= high for low, high in DEFAULT_IGNORABLE_RANGES)


def invisible_characters(address: str) -> list[str]:
    """The code points in an address that show as nothing or control the text (U+200B, U+00AD, U+FEFF, ...)."""
    return [f"U+{ord(char):04X}" for char in dict.fromkeys(address) if is_invisible(char)]


def _strip_invisible(address: str) -> str:
    return "".join(char for char in address if not is_invisible(char))


def _local_part(local: str) -> str:
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        local = _QUOTED_PAIR.sub(r"\1", local[1:-1])
    base, plus, _tag = local.partition("+")
    return base if plus and base else local


def _domain(domain: str) -> str:
    domain = domain.rstrip(".")
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return domain  # not a valid IDN: compared as written (already NFKC and casefolded)


def normalise_email(address: str) -> str:
    """One spelling per mailbox: NFKC, casefolded, without invisible characters, the quotes of a quoted local part
    or a `+tag`, and the domain in its IDNA (UTS #46) ASCII form, so `"Anna+blogg"@Smörgås.se` and
    `anna@xn--smrgs-pra.se` are one sender. Never raises; an address without `@` is only folded."""
    text = unicodedata.normalize("NFKC", _strip_invisible(address or ""))
    folded = unicodedata.normalize("NFKC", text.casefold()).strip()
    local, at, domain = folded.rpartition("@")
    if not at or not local:
        return folded
    return f"{_local_part(local)}@{_domain(domain)}"


# Something shaped like an address inside free text (a comment, a decision reason, a log entry). Each candidate is
# compared on its normalised form, so every spelling of the sender's mailbox is found, not only the stored ones.
_ADDRESS_CANDIDATE = re.compile(r'(?:"[^"\r\n]{1,254}"|[^\s"<>()\[\],;:@\uff20]{1,254})[@\uff20][^\s"<>()\[\],;:@\uff20]{1,254}')
_TRAILING_PUNCTUATION = ".!?'´`’”"


class SenderRedactor:
    """Replaces one sender's addresses (any spelling) and, with `names`, their names in a text by `marker`."""

    def __init__(self, *, sender_key: str, marker: str, spellings=(), names=()):
        self.sender_key = sender_key
        self.marker = marker
        literal = sorted({spelling for spelling in spellings if spelling} | {sender_key}, key=len, reverse=True)
        self._literal = re.compile("|".join(map(re.escape, literal)), re.IGNORECASE) if sender_key else None
        words = set()
        for name in names:
            name = " ".join(name.split())
            if len(name) >= 2:
                words.add(name)
                words.update(part for part in name.split() if len(part) >= 3)
        words = sorted(words, key=len, reverse=True)
        self._names = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE) if words else None
        )

    def _address(self, match: re.Match) -> str:
        candidate = match.group(0)
        for end in range(len(candidate), 0, -1):
            if candidate[end - 1] not in _TRAILING_PUNCTUATION and normalise_email(candidate[:end]) == self.sender_key:
                return self.marker + candidate[end:]
            if candidate[end - 1] not in _TRAILING_PUNCTUATION:
                break
        return candidate

    def addresses(self, text: str) -> str:
        if not self.sender_key or not text:
            return text
        text = _ADDRESS_CANDIDATE.sub(self._address, text)
        return self._literal.sub(self.marker, text)

    def names_and_addresses(self, text: str) -> str:
        text = self.addresses(text)
        return self._names.sub(self.marker, text) if self._names and text else text

    def json(self, value, *, names: bool = True):
        """The same redaction through every string (keys included) of a JSON value."""
        redact = self.names_and_addresses if names else self.addresses
        if isinstance(value, str):
            return redact(value)
        if isinstance(value, list):
            return [self.json(item, names=names) for item in value]
        if isinstance(value, dict):
            return {redact(key): self.json(item, names=names) for key, item in value.items()}
        return value
