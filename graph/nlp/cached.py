"""spaCy's attribute ruler and rule lemmatizer, with the same output, computed once per distinct
token key instead of once per token (issue 17: 3.5 s and 2.1 s of pure Python per 100k tokens).

:class:`CachedAttributeRuler` keeps AttributeRuler's patterns, ``add``, ``patterns`` and
serialisation; only the call path differs. :class:`CachedLemmatizer` likewise keeps the
Lemmatizer's lookups and answers; it asks ``lemmatize`` once per (ORTH, POS, MORPH).
``bench/check_token_attrs.py`` compares both with the stock components token by token.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy import util
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList

# What a rule may set for the cached path: token-level attributes that set_token_attrs writes on the
# token only (Lexeme.set_struct_attr ignores them) and doc.from_array writes the same way. A rule
# setting anything else (NORM, lexical attributes, extensions) sends every doc down the stock path.
_SETTABLE = frozenset({LEMMA, POS, TAG, MORPH, DEP})
# Attributes the Matcher does not read as the plain to_array value (SENT_START is a bool to it,
# MORPH and ENT_IOB strings are normalised): a pattern reading them goes to the doc matcher.
_UNKEYED = frozenset({"MORPH", "SENT_START", "IS_SENT_START", "ENT_IOB", "OP", "_"})


def model_dir(name: str) -> Path:
    """The data folder of an installed (or on-disk) pipeline: the one holding its config.cfg."""
    path = Path(name) if Path(name).is_dir() else util.get_package_path(name)
    return next(p for p in [path, *sorted(path.iterdir())] if (p / "config.cfg").exists())


def sourced_patterns(model: str, component: str = "attribute_ruler") -> list[dict[str, Any]]:
    """An attribute ruler's patterns as the model saved them (what its from_disk adds)."""
    return list(srsly.read_msgpack(model_dir(model) / component / "patterns"))


def sourced_lookups(model: str, component: str = "lemmatizer") -> Lookups:
    """A lemmatizer's tables as the model saved them (what its from_disk loads)."""
    return Lookups().from_disk(model_dir(model) / component / "lookups")


class _Plan:
    """The ruler's patterns split once per pattern set: single-token patterns that read only
    attributes compared for (in)equality go to ``single`` and are answered per key; the rest
    (multi-token, REGEX, operators, extensions) go through ``rest`` on every doc."""

    def __init__(self, ruler: AttributeRuler) -> None:
        vocab = ruler.vocab
        self.single = Matcher(vocab, validate=ruler.validate)
        self.rest = Matcher(vocab, validate=ruler.validate)
        mentioned: dict[int, set[int]] = {}
        for i in range(len(ruler.attrs)):
            key = str(i)
            fast, slow = [], []
            for pattern in ruler.matcher.get(key)[1]:
                seen = _keyed(pattern, ruler.indices[i], vocab.strings) if len(pattern) == 1 else None
                if seen is None:
                    slow.append(pattern)
                else:
                    fast.append(pattern)
                    for attr, values in seen.items():
                        mentioned.setdefault(attr, set()).update(values)
            if fast:
                self.single.add(key, fast)
            if slow:
                self.rest.add(key, slow)
        # The key of a token: per attribute, which compared value it has (1 + its index), or 0 for
        # none of them (equality, IN and NOT_IN cannot tell two such values apart).
        self.key_attrs: list[int | str] = [*sorted(mentioned)]
        self.values = [np.array(sorted(mentioned[a]), dtype=np.uint64) for a in sorted(mentioned)]
        self.radix: list[int] = []
        size = 1
        for v in self.values:
            self.radix.append(size)
            size *= len(v) + 1
        self.packed = size < 2**62  # else keys are rows, not one int
        self.cols: list[int | str] = [
            *sorted({a for attrs in ruler.attrs for a in attrs if isinstance(a, int)})
        ]
        self.ok = all(set(attrs) <= _SETTABLE for attrs in ruler.attrs)

    def keys(self, doc: Doc) -> np.ndarray:
        """One key per token (int64 if packed, else rows of codes)."""
        if not self.key_attrs:  # only patterns that match any token
            return np.zeros(len(doc), dtype=np.int64)
        raw = doc.to_array(self.key_attrs).reshape(len(doc), len(self.key_attrs))
        codes = np.zeros(raw.shape, dtype=np.int64)
        for j, vals in enumerate(self.values):
            at = np.searchsorted(vals, raw[:, j])
            hit = vals[np.minimum(at, len(vals) - 1)] == raw[:, j]
            codes[:, j] = np.where(hit, at + 1, 0)
        if self.packed:
            return codes @ np.array(self.radix, dtype=np.int64)
        return codes


def _keyed(pattern: list[dict[Any, Any]], index: int, strings: Any) -> dict[int, set[int]] | None:
    """The values a single-token pattern compares each attribute with, or None when its match
    may depend on more than those comparisons."""
    if index not in (0, -1):
        return None  # the stock ruler raises E1001 for it: let the doc matcher path do the same
    seen: dict[int, set[int]] = {}
    for name, value in pattern[0].items():
        if not isinstance(name, str) or name.upper() in _UNKEYED:
            return None
        upper = "ORTH" if name.upper() == "TEXT" else name.upper()
        attr = IDS.get(upper)
        if attr is None:
            return None
        if isinstance(value, dict):
            if not value or set(value) - {"IN", "NOT_IN"}:
                return None
            items = [v for vs in value.values() for v in vs]
        else:
            items = [value]
        ids: set[int] = set()
        for v in items:
            if isinstance(v, str):  # the Matcher's two ways of turning a string into its id
                ids |= {strings.add(v), get_string_id(v)}
            elif isinstance(v, int) and v >= 0:  # bools too: the Matcher compares True as 1
                ids.add(int(v))
            else:
                return None
        seen.setdefault(attr, set()).update(ids)
    return seen


class CachedAttributeRuler(AttributeRuler):
    """AttributeRuler whose per-token result is computed once per distinct key and reused.

    Stock: every match becomes a Span and a set_token_attrs call, applied in order of the rule's
    id (later rules overwrite earlier ones). Here: per token, the attributes of its matching rules
    merged in rule-id order (later wins), written for the whole doc with one doc.from_array.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._invalidate()

    def _invalidate(self) -> None:
        self._plan: _Plan | None = None
        self._rules: dict[Any, tuple[int, ...]] = {}  # key -> ids of the single-token rules it matches
        self._merged: dict[tuple[int, ...], dict[int, int]] = {}  # rule ids -> attributes set

    def clear(self) -> None:
        super().clear()
        self._invalidate()

    def add(self, patterns: Iterable[Any], attrs: dict[Any, Any], index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._invalidate()  # from_disk, from_bytes and initialize add through here too

    def __call__(self, doc: Doc) -> Doc:
        if self._plan is None:
            self._plan = _Plan(self)
        if not self._plan.ok or not self.attrs or len(doc) == 0:
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            self._apply(doc, self._plan)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def _apply(self, doc: Doc, plan: _Plan) -> None:
        strings = self.vocab.strings
        per_token = plan.keys(doc)
        uniq, first, inverse = np.unique(per_token, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        rules: list[tuple[int, ...]] = []
        for u, i in zip(uniq.tolist(), first.tolist(), strict=True):
            key = u if plan.packed else tuple(u)
            found = self._rules.get(key)
            if found is None:  # the stock matcher, on one token that has this key
                span = doc[i : i + 1]
                hits = plan.single(span, allow_missing=True) if len(plan.single) else []
                found = self._rules[key] = tuple(sorted({int(strings[m]) for m, _, _ in hits}))
            rules.append(found)
        extra: dict[int, set[int]] = {}
        if len(plan.rest):
            for m_id, start, end in plan.rest(doc, allow_missing=True):
                rule = int(strings[m_id])
                try:  # the stock ruler's bounds check and error for an index outside the match
                    target = Span(doc, start, end)[self.indices[rule]].i
                except IndexError:
                    raise ValueError(
                        Errors.E1001.format(
                            patterns=self.matcher.get(m_id),
                            span=[t.text for t in doc[start:end]],
                            index=self.indices[rule],
                        )
                    ) from None
                extra.setdefault(target, set()).add(rule)
        cols = plan.cols
        if not any(rules) and not extra:
            return
        current = doc.to_array(cols).reshape(len(doc), len(cols))
        values = np.zeros((len(rules), len(cols)), dtype=np.uint64)
        mask = np.zeros((len(rules), len(cols)), dtype=bool)
        for r, ids in enumerate(rules):
            for attr, value in self._merge(ids).items():
                c = cols.index(attr)
                values[r, c] = value
                mask[r, c] = True
        out: Any = np.where(mask[inverse], values[inverse], current)
        for t, more in extra.items():
            row = current[t].copy()
            for attr, value in self._merge(tuple(sorted(set(rules[inverse[t]]) | more))).items():
                row[cols.index(attr)] = value
            out[t] = row
        doc.from_array(cols, out)

    def _merge(self, ids: tuple[int, ...]) -> dict[int, int]:
        """The attributes rules ``ids`` set on a token, in rule-id order, later wins."""
        merged = self._merged.get(ids)
        if merged is None:
            merged = {}
            for i in ids:
                merged.update(self.attrs[i])
            self._merged[ids] = merged
        return merged


class CachedLemmatizer(EnglishLemmatizer):
    """The English rule (or lookup) lemmatizer answering once per (ORTH, POS, MORPH): all that
    rule_lemmatize reads (the text, pos_, and the morph features is_base_form looks at; the
    stock cache uses the same key) and more than lookup_lemmatize reads (the text). Like the
    stock one it leaves a lemma already set (by the attribute ruler) unless ``overwrite``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._tables: tuple[Lookups, Lookups] | None = None  # (self.lookups, its fast copy)

    def _fast_tables(self) -> Lookups:
        """self.lookups with lemma_index's lists as sets: rule_lemmatize only asks ``form in
        index`` of them, and on a 57k-word list that scan was most of its time. Rebuilt, and the
        cache dropped, when self.lookups is replaced."""
        if self._tables is None or self._tables[0] is not self.lookups:
            fast = Lookups()
            for name in self.lookups.tables:
                table = self.lookups.get_table(name)
                if name == "lemma_index":
                    table = Table(name, {k: frozenset(v) for k, v in table.items()})
                fast.set_table(name, table)
            self._tables = (self.lookups, fast)
            self._lemmas.clear()
        return self._tables[1]

    def __call__(self, doc: Doc) -> Doc:
        if self.mode not in ("rule", "lookup") or len(doc) == 0:
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
            todo = np.arange(len(doc)) if self.overwrite else np.flatnonzero(arr[:, 3] == 0)
            if len(todo) == 0:
                return doc
            uniq, first, inverse = np.unique(arr[todo, :3], axis=0, return_index=True, return_inverse=True)
            lemmas = np.zeros(len(uniq), dtype=np.uint64)
            tables, self.lookups = self.lookups, self._fast_tables()
            try:  # the stock lemmatize, on one token with this key
                for u, (key, i) in enumerate(zip(map(tuple, uniq.tolist()), first.tolist(), strict=True)):
                    lemma = self._lemmas.get(key)
                    if lemma is None:
                        lemma = self.vocab.strings.add(self.lemmatize(doc[int(todo[i])])[0])
                        self._lemmas[key] = lemma
                    lemmas[u] = lemma
            finally:
                self.lookups = tables
            column: Any = arr[:, 3].copy()
            column[todo] = lemmas[inverse.reshape(-1)]
            doc.from_array([LEMMA], column)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self._tables = None  # the tables may have been loaded in place
        self._lemmas.clear()

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> CachedLemmatizer:
        super().from_disk(path, exclude=exclude)
        self._tables = None  # the tables may have been loaded in place
        self._lemmas.clear()
        return self

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> CachedLemmatizer:
        super().from_bytes(bytes_data, exclude=exclude)
        self._tables = None  # the tables may have been loaded in place
        self._lemmas.clear()
        return self
