"""French numbers: digits grouped by a narrow no-break space, a decimal comma, amounts in euros, numbers in words."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NBSP = "\u00a0"  # between a number and its unit (« 480 000 € »)
NNBSP = "\u202f"  # between groups of digits, before « % »
MINUS = "\u2212"  # a negative figure, as French typography prints it

Number = int | Fraction


def rounded(value: Number, decimals: int) -> Decimal:
    """The value rounded half away from zero, as accounts and reports round (2,85 → 2,9, not the banker's 2,8)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def french_number(value: Number, decimals: int = 0, *, sign: bool = False) -> str:
    """« 480 000 », « 2,8 », « −13 800 »; `sign` writes « + » before a positive figure (a variance)."""
    figure = rounded(value, decimals)
    whole, _, fraction = f"{abs(figure):f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = NNBSP.join(groups) + ("," + fraction if fraction else "")
    if figure < 0:
        return MINUS + text
    return ("+" + text) if sign and figure > 0 else text


def french_money(value: Number, decimals: int = 0, *, sign: bool = False) -> str:
    """« 480 000 € », « 1 234,50 € »."""
    return f"{french_number(value, decimals, sign=sign)}{NBSP}€"


def french_percent(value: Number, decimals: int = 1, *, sign: bool = False) -> str:
    """« 2,8 % » (value in percent: 2.8 is 2,8 %)."""
    return f"{french_number(value, decimals, sign=sign)}{NNBSP}%"


_UNITS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
          "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf")
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_hundred(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix: the teens after sixty and eighty
        base = "soixante" if tens == 7 else "quatre-vingt"
        return base + ("-et-" if n == 71 else "-") + _UNITS[10 + unit]
    if tens == 8:
        return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _UNITS[unit]
    return _TENS[tens] + ("" if unit == 0 else "-et-un" if unit == 1 else "-" + _UNITS[unit])


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_hundred(rest)
    head = "cent" if hundreds == 1 else _UNITS[hundreds] + "-cent" + ("s" if rest == 0 else "")
    return head if rest == 0 else f"{head}-{_below_hundred(rest)}"


def french_words(n: int, *, feminine: bool = False) -> str:
    """A whole number in words, hyphenated throughout (1990 spelling): « quatre », « vingt-et-un », « deux-cent-mille »;
    `feminine` for a feminine noun: « une réserve », « vingt-et-une semaines »."""
    if feminine:
        words = french_words(n)
        return words + "e" if words.endswith("un") else words
    if n < 0:
        return "moins-" + french_words(-n)
    if n >= 1_000_000:
        raise ValueError("nombre trop grand pour être écrit en lettres (un million ou plus)")
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _below_thousand(rest)
    # « mille » never takes an s, and the hundreds before it keep none either (« deux-cent-mille »).
    multiple = _below_thousand(thousands)
    if multiple.endswith(("cents", "vingts")):
        multiple = multiple[:-1]
    head = "mille" if thousands == 1 else multiple + "-mille"
    return head if rest == 0 else f"{head}-{_below_thousand(rest)}"


def french_plural(word: str) -> str:
    """The regular French plural of each word of a unit: « jour ouvré » → « jours ouvrés », « mois » stays « mois »."""
    return " ".join(w if w.endswith(("s", "x", "z")) else w + "s" for w in word.split(" "))
