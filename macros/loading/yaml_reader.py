"""Strict YAML loading on PyYAML's node API: bytes -> plain data with positions, French errors."""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from macros.core.constants import BIDI_CHARS, FORBIDDEN_CHARS, INVISIBLE_CHARS, MAX_DEPTH, MAX_FILE_BYTES
from macros.core.fsutil import file_kind
from macros.core.problems import Problem, field_path
from macros.loading.messages_fr import DATE, SYNTAX_MESSAGES, french_error
from macros.loading.parse_cache import ParseCache

Loc = tuple[object, ...]
M = TypeVar("M", bound=BaseModel)

# YAML 1.1 readings that surprise: the PMO writes `version: 1.10` and gets the number 1.1.
_BOOL_1_1 = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_OCTAL = re.compile(r"^[-+]?0(?:[0-9_]+|o[0-7]+)$")
_HEX = re.compile(r"^[-+]?0x[0-9a-fA-F_]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ]|\s+)[0-9]{1,2}:[0-9]{2}")

_TRAPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_BOOL_1_1, "YAML 1.1 la lit comme un booléen"),
    (_OCTAL, "YAML 1.1 la lit comme un nombre octal"),
    (_HEX, "YAML la lit comme un nombre hexadécimal"),
    (_SEXAGESIMAL, "YAML 1.1 la lit comme un nombre sexagésimal (une heure)"),
    (_FLOAT, "YAML la lit comme un nombre décimal"),
)

@dataclass
class Document:
    """A parsed YAML document: plain data plus the position of every value and key."""

    file: str
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    flagged: set[Loc] = field(default_factory=set)
    spans: list[tuple[int, int, Loc]] = field(default_factory=list)
    # Character offsets, recorded only when asked (the workflow edits files in place by these positions):
    # value start and end, key start, and the values written in flow style ([a, b] or {k: v}).
    extents: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_offsets: dict[Loc, int] = field(default_factory=dict)
    flow: set[Loc] = field(default_factory=set)
    # The text of a document taken from the parse cache: its positions are only computed when a problem needs one.
    unlocated: str | None = None
    line_offset: int = 0
    sha256: str | None = None  # of the file's bytes as read, when the document is a whole file (the lock compares it)
    text: str | None = None  # the whole file's text, when the document is a whole file (the checks on texts read it again)

    def locate(self) -> None:
        """Fill the positions of a document read from the parse cache, by parsing its text again (same parser, same text)."""
        if self.unlocated is None:
            return
        doc, _ = _compose(_FAST_PARSER, self.unlocated, self.file, self.line_offset)
        self.unlocated = None
        if doc is not None:
            self.positions, self.key_positions = doc.positions, doc.key_positions

    def where(self, loc: Loc) -> tuple[int, int]:
        """Position of the value at loc, else of its nearest enclosing value."""
        self.locate()
        while loc not in self.positions and loc:
            loc = loc[:-1]
        return self.positions.get(loc, (1, 1))


class _FatalError(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str, path: Loc = ()) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.path = path


# Events come from libyaml's C parser when PyYAML has it (many times faster), else from PyYAML's own parser.
_FAST_PARSER: type = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class _Builder:
    """Builds plain data straight from parser events, in one pass: no node tree, no implicit typing by PyYAML.

    Anchors, aliases, tags, merge keys and deep nesting are refused as soon as their event arrives.
    """

    def __init__(self, loader: Any, doc: Document, problems: list[Problem], offset: int) -> None:
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.offset = offset
        self.where: Loc = ()  # where the parser is, so a syntax error can name the field
        self.keep_spans = False  # value spans are only needed to name the field of a forbidden character

    def value(self, event: Any, loc: Loc) -> Any:
        # Hot path of every validation: kept flat on purpose (type identity checks, few attribute reads).
        self.where = loc
        kind = type(event)
        if kind is yaml.AliasEvent:
            raise _FatalError(event.start_mark, f"alias « *{event.anchor} » interdit : recopiez la valeur", loc)
        if event.anchor or event.tag is not None:
            self._refuse(event, loc)
        mark = event.start_mark
        line, col = mark.line + 1 + self.offset, mark.column + 1
        self.doc.positions[loc] = (line, col)
        if kind is yaml.ScalarEvent:
            if self.keep_spans:
                self.doc.spans.append((mark.index, max(event.end_mark.index, mark.index + 1), loc))
                self.doc.extents[loc] = (mark.index, event.end_mark.index)
            return _scalar(event.value, event.style, loc, self.doc, self.problems, line, col)
        if self.keep_spans:
            if event.flow_style:
                self.doc.flow.add(loc)
            value = self._container(event, loc)
            ends = [end for child, (_, end) in self.doc.extents.items() if len(child) == len(loc) + 1 and child[:-1] == loc]
            self.doc.extents[loc] = (mark.index, max(ends, default=mark.index))
            return value
        return self._container(event, loc)

    def _container(self, event: Any, loc: Loc) -> Any:
        kind = type(event)
        mark = event.start_mark
        if len(loc) >= MAX_DEPTH:
            raise _FatalError(mark, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", loc[:2])
        get = self.loader.get_event
        if kind is yaml.SequenceStartEvent:
            items: list[Any] = []
            append = items.append
            while type(nxt := get()) is not yaml.SequenceEndEvent:
                append(self.value(nxt, (*loc, len(items))))
            return items
        result: dict[str, Any] = {}
        key_positions = self.doc.key_positions
        while type(key_event := get()) is not yaml.MappingEndEvent:
            if type(key_event) is not yaml.ScalarEvent or key_event.anchor or key_event.tag is not None:
                raise _FatalError(key_event.start_mark, "une clé doit être un texte simple", loc)
            key = key_event.value
            here = (*loc, key)
            key_mark: Any = key_event.start_mark
            kline, kcol = key_mark.line + 1 + self.offset, key_mark.column + 1
            if key in result or here in key_positions:
                fline, fcol = key_positions[here]
                self.problems.append(Problem(self.doc.file, kline, kcol, field_path(here),
                                             f"clé « {key} » en double (première occurrence ligne {fline}, colonne {fcol})"))
                self._skip(get())
                continue
            if key == "<<" and not key_event.style:
                raise _FatalError(key_mark, "clé de fusion « << » interdite : recopiez les champs", loc)
            key_positions[here] = (kline, kcol)
            if self.keep_spans:
                self.doc.key_offsets[here] = key_mark.index
            self.where = here
            result[key] = self.value(get(), here)
            self.where = loc
        return result

    def _refuse(self, event: Any, loc: Loc) -> None:
        """Anchors and explicit tags are refused; the non-specific « ! » of a quoted scalar is not a tag."""
        if event.anchor:
            raise _FatalError(event.start_mark, f"ancre « &{event.anchor} » interdite : recopiez la valeur", loc)
        if not (type(event) is yaml.ScalarEvent and event.tag == "!" and event.implicit[1]):
            raise _FatalError(event.start_mark, f"étiquette YAML « {event.tag} » interdite", loc)

    def _skip(self, event: Any) -> None:
        """Consume the value of a duplicated key (still refusing anchors and tags inside it)."""
        scratch = _Builder(self.loader, Document(self.doc.file, None), [], self.offset)
        scratch.value(event, ("_",))


def _pos(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# OS reasons in French: the PMO never reads « Permission denied ».
_OS_REASONS = {
    errno.ENOENT: "fichier introuvable", errno.EACCES: "permission refusée", errno.EPERM: "opération non permise",
    errno.EISDIR: "c'est un dossier", errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ELOOP: "lien symbolique", errno.ENAMETOOLONG: "nom trop long", errno.EIO: "erreur d'entrée-sortie",
    errno.ENOSPC: "disque plein", errno.EROFS: "système de fichiers en lecture seule", errno.EBUSY: "ressource occupée",
    errno.ENXIO: "périphérique absent", errno.EAGAIN: "ressource temporairement indisponible",
}


def os_reason(exc: OSError) -> str:
    """The reason of an OS error, in French."""
    return _OS_REASONS.get(exc.errno or 0, f"erreur système {exc.errno}")


def not_regular(kind: str) -> str:
    """The message for a data path that is not a regular file: it is never opened, nor followed."""
    if kind == "lien symbolique":
        return "lien symbolique interdit : seuls les fichiers ordinaires du projet sont lus ; remplacez le lien par le fichier"
    return f"{kind} à la place d'un fichier : seuls les fichiers ordinaires du projet sont lus"


def present(path: Path) -> bool:
    """Whether something is at path, without following a link (a dangling link is something too)."""
    return path.is_symlink() or path.exists()


def read_data_file(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of the project: links, FIFOs, devices and folders are refused without being
    opened or followed, and the size limit is checked before reading."""
    try:
        info = path.lstat()
    except OSError as exc:
        return None, [Problem(display, 1, 1, "", f"lecture impossible ({os_reason(exc)})")]
    kind = file_kind(info.st_mode)
    if kind is not None:
        return None, [Problem(display, 1, 1, "", not_regular(kind))]
    if info.st_size > MAX_FILE_BYTES:
        return None, [Problem(display, 1, 1, "", f"fichier trop volumineux ({info.st_size} octets ; maximum {MAX_FILE_BYTES})")]
    try:
        # O_NOFOLLOW and O_NONBLOCK: a file swapped for a link or a FIFO since lstat is refused, never waited on.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            if file_kind(os.fstat(handle.fileno()).st_mode) is not None:
                return None, [Problem(display, 1, 1, "", not_regular(file_kind(os.fstat(handle.fileno()).st_mode) or ""))]
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(display, 1, 1, "", f"lecture impossible ({os_reason(exc)})")]
    return raw, []


def forbidden_char(char: str) -> str:
    """The message for a character no text may hold, named by its kind and code point."""
    if char in BIDI_CHARS:
        kind = "de contrôle bidirectionnel"
    elif char in INVISIBLE_CHARS:
        kind = "invisible (largeur nulle)"
    elif char in "\u2028\u2029":
        kind = "de séparation de ligne Unicode"
    else:
        kind = "de contrôle"
    return f"caractère {kind} U+{ord(char):04X} interdit dans un texte"


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text: refuses big files and bytes that are not UTF-8; Windows line ends are read as plain ones."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(file, 1, 1, "", f"fichier trop volumineux ({len(raw)} octets ; maximum {MAX_FILE_BYTES})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(file, line, column, "", f"octet 0x{raw[exc.start]:02x} invalide : le fichier doit être encodé en UTF-8")]
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), []


def parse_yaml(text: str, file: str, line_offset: int = 0, *, offsets: bool = False,
               cache: ParseCache | None = None) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document strictly; line_offset shifts positions (front matter inside Markdown).

    `offsets` also records the character offsets of every value and key (Document.extents), for edits in place;
    it uses PyYAML's own parser, whose offsets count characters. With a `cache`, a text parsed before without any
    problem is not parsed again (its positions are computed only if a later check asks for one).
    """
    if cache is not None and not offsets:
        found, data = cache.get(file, text)
        if found:
            return Document(file, data, unlocated=text, line_offset=line_offset), []
        parsed, found_problems = parse_yaml(text, file, line_offset)
        if parsed is not None and not found_problems:
            cache.put(file, text, parsed.data)
        return parsed, found_problems
    problems: list[Problem] = []
    bad_chars = [(m.start(), m.group()) for m in FORBIDDEN_CHARS.finditer(text)]
    # Parse a copy where each forbidden character is a space, so positions stay right and the field can be named.
    clean = FORBIDDEN_CHARS.sub(" ", text)
    doc, problems_fast = _compose(yaml.SafeLoader if offsets else _FAST_PARSER, clean, file, line_offset, bool(bad_chars) or offsets)
    if doc is None and _FAST_PARSER is not yaml.SafeLoader:
        # libyaml's messages differ from PyYAML's, which are translated: on any error, parse again in Python.
        doc, problems_fast = _compose(yaml.SafeLoader, clean, file, line_offset, bool(bad_chars))
    problems += problems_fast
    if doc is None:
        return None, problems
    for index, char in bad_chars:
        line, col = _line_col(text, index)
        where = next((loc for start, end, loc in doc.spans if start <= index < end), None)
        problems.append(Problem(file, line + line_offset, col, field_path(where) if where else "(commentaire)", forbidden_char(char)))
        if where is not None:
            doc.flagged.add(where)
    return doc, problems


def _compose(parser: type, clean: str, file: str, line_offset: int, keep_spans: bool = False) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []
    doc = Document(file, None)
    loader = parser(clean)
    builder = _Builder(loader, doc, problems, line_offset)
    builder.keep_spans = keep_spans
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            problems.append(Problem(file, 1 + line_offset, 1, "", "fichier vide"))
            return None, problems
        loader.get_event()  # document start
        doc.data = builder.value(loader.get_event(), ())
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            line, col = _pos(loader.peek_event().start_mark)
            problems.append(Problem(file, line + line_offset, col, "", "plusieurs documents YAML dans un fichier : un seul est permis"))
            return None, problems
    except _FatalError as exc:
        line, col = _pos(exc.mark)
        problems.append(Problem(file, line + line_offset, col, field_path(exc.path), exc.message))
        return None, problems
    except yaml.MarkedYAMLError as exc:
        line, col = _pos(exc.problem_mark or exc.context_mark)
        raw = exc.problem or "erreur inconnue"
        message = SYNTAX_MESSAGES.get(raw) or (
            "indentation incohérente : cette ligne n'est pas alignée avec la précédente du même niveau"
            if raw.startswith("expected <block end>") else f"syntaxe YAML invalide ({raw})")
        problems.append(Problem(file, line + line_offset, col, field_path(builder.where) or "(syntaxe)", message))
        return None, problems
    except yaml.YAMLError as exc:  # reader errors carry a position but no mark
        position = getattr(exc, "position", 0) or 0
        line, col = _line_col(clean, position)
        problems.append(Problem(file, line + line_offset, col, "", "caractère non permis dans un fichier YAML"))
        return None, problems
    finally:
        loader.dispose()
    return doc, problems


def _scalar(value: str, style: str | None, loc: Loc, doc: Document, problems: list[Problem], line: int, col: int) -> Any:
    if style:  # quoted or block scalar: always a text (libyaml marks plain as "", PyYAML as None)
        if style == '"' and (bad := FORBIDDEN_CHARS.search(value)):
            # Written as an escape (« \u202E », « \x07 », « \0 »): the raw text held no such character.
            problems.append(Problem(doc.file, line, col, field_path(loc), forbidden_char(bad.group()) + " (écrit comme séquence d'échappement)"))
            doc.flagged.add(loc)
        return value
    # Fast path: every special reading starts with a digit or one of + - . ~, or is at most 5 characters long.
    if len(value) > 5 and not (value[0].isdigit() or value[0] in "+-.~"):
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value)
    match = DATE.match(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            problems.append(Problem(doc.file, line, col, field_path(loc), f"date impossible « {value} » (format AAAA-MM-JJ)"))
            doc.flagged.add(loc)
            return value
    if _TIMESTAMP.match(value):
        problems.append(Problem(doc.file, line, col, field_path(loc), f"« {value} » : une date seule est attendue (AAAA-MM-JJ), sans heure"))
        doc.flagged.add(loc)
        return value
    for pattern, reading in _TRAPS:
        if pattern.match(value):
            problems.append(Problem(doc.file, line, col, field_path(loc),
                                    f"valeur ambiguë « {value} » : {reading} ; mettez-la entre guillemets (\"{value}\")"))
            doc.flagged.add(loc)
            return value
    return value


def validate_model(model: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate parsed data against a model; every pydantic error becomes a positioned French problem."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        doc.locate()
        for error in exc.errors(include_url=False):
            loc: Loc = tuple(error["loc"])
            if any(loc[: i + 1] in doc.flagged for i in range(len(loc))):
                continue  # already reported by the loader with a better message
            if error["type"] == "extra_forbidden" and loc in doc.key_positions:
                line, col = doc.key_positions[loc]
            else:
                line, col = doc.where(loc)
            problems.append(Problem(doc.file, line, col, field_path(loc), french_error(error)))
        return None, problems


def load_yaml_model(path: Path, model: type[M], display: str,
                    cache: ParseCache | None = None) -> tuple[M | None, Document | None, list[Problem]]:
    """Read, parse and validate one YAML file; never raises for bad content (`cache`: see parse_yaml)."""
    raw, problems = read_data_file(path, display)
    if raw is None:
        return None, None, problems
    text, problems = decode(raw, display)
    if text is None:
        return None, None, problems
    doc, problems = parse_yaml(text, display, cache=cache)
    if doc is None:
        return None, None, problems
    doc.sha256, doc.text = hashlib.sha256(raw).hexdigest(), text
    if not isinstance(doc.data, dict):
        problems.append(Problem(display, 1, 1, "", "le fichier doit contenir un dictionnaire (clé: valeur) au premier niveau"))
        return None, doc, problems
    obj, more = validate_model(model, doc)
    return obj, doc, problems + more
