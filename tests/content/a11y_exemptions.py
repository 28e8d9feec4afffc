"""The only place where an axe-core finding may be let through: one rule, in one CSS scope, for a stated reason.

A violation is fixed in the stylesheets or templates we own, not listed here. An entry is for what we
cannot fix (a third-party widget, a false positive of axe-core) and names it precisely:
- rule: the axe-core rule id (for instance "color-contrast");
- scope: a CSS selector; a finding is exempt when its element matches it or lies inside it;
- reason: why it cannot be fixed, and what would lift the exemption.
tests/content/test_accessibility.py checks every entry: the rule exists in the bundled axe-core, the selector is valid.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exemption:
    rule: str
    scope: str
    reason: str


# Empty: every violation axe-core found was fixed (see docs/assets/stylesheets/accessibilite.css,
# referentiel.css, quiz.css and overrides/).
EXEMPTIONS: tuple[Exemption, ...] = ()
