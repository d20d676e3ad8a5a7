"""graph.nlp.lists: the coordinated lists both name finding and the rules read."""

from __future__ import annotations

import pytest
import spacy

from graph.nlp.lists import coordinated

NLP = spacy.blank("en")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ghana and Kenya met", ["Ghana", "Kenya"]),
        ("Ghana , Kenya and Uganda met", ["Ghana", "Kenya", "Uganda"]),
        ("Ghana , Kenya , and the Uganda met", ["Ghana", "Kenya", "Uganda"]),
        ("Ghana , Kenya met", []),  # not closed by 'and'
        ("Ghana met", []),
    ],
)
def test_lists_coordinated_items_closed_by_and(text: str, names: list[str]) -> None:
    doc = NLP(text)
    starts = {t.i: doc[t.i : t.i + 1] for t in doc if t.text in ("Ghana", "Kenya", "Uganda")}
    got = coordinated(doc, 0, len(doc), starts)
    assert [sp.text for _, sp in got] == names
    if got:
        assert got[0][0] == -1 and all(doc[sep].text in (",", "and") for sep, _ in got[1:])
