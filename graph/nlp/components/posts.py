"""The posts component: persons' titles and what they affiliate a person with.

Reads the linked mentions (``doc._.coop_mentions``); writes ``doc._.coop_posts``, one
:class:`~graph.nlp.types.Post` per titled mention of a person: the title as the text gives it,
the body, organisation or state the title names (convention 9), and the state the person acts
for. Relation rules read the posts (a person's state, "the presidents" as an anaphor); the
``affiliations.title`` rule turns them into ``affiliatedWith`` candidates.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from graph.nlp import lexicon
from graph.nlp.rules.context import ORG_ACTORS, title_word
from graph.nlp.types import Mention, Post

BODY_TYPES = ("GovernmentBody", "InternationalOrganization", "Company")


class PostReader:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = [m for m in (doc._.coop_mentions or []) if m.key]
        posts: list[Post] = []
        for si, sent in enumerate(doc.sents):
            ms = [m for m in mentions if sent.start <= m.start and m.end <= sent.end]
            posts += _sentence_posts(doc, sent, si, ms, mentions)
        doc._.coop_posts = posts
        return doc


def _portfolio_comma(doc: Doc, i: int) -> bool:
    """A comma inside a portfolio ('Minister of Science, Information, and Communication Technology')."""
    portfolio = lexicon.words("portfolio_words")
    return (
        doc[i].text == ","
        and 0 < i < len(doc) - 1
        and doc[i - 1].lower_ in portfolio
        and (doc[i + 1].lower_ in portfolio or doc[i + 1].lower_ == "and")
    )


def _acronym_bracket(doc: Doc, i: int) -> bool:
    """A bracket around an acronym inside a title ('the Republic of Korea (ROK) National Security
    Advisor A'): the title goes on past it to the state."""
    if doc[i].text == ")":
        return i >= 2 and doc[i - 1].is_upper and doc[i - 2].text == "("
    if doc[i].text == "(":
        return i + 2 < len(doc) and doc[i + 1].is_upper and doc[i + 2].text == ")"
    return False


def _post(p: Mention, si: int, title: Span, target: Mention | None, rule: str, prior: float) -> Post:
    country = None
    if target is not None:
        country = target.key if target.type == "Country" else target.country
    return Post(
        p.key,
        title.text.strip(" ,"),
        si,
        min(p.start_char, title.start_char),
        max(p.end_char, title.end_char),
        target.key if target is not None else None,
        target.type if target is not None else None,
        country,
        rule,
        prior,
    )


def _sentence_posts(doc: Doc, sent: Span, si: int, ms: list[Mention], all_ms: list[Mention]) -> list[Post]:
    """'First Deputy Minister of Communications and Informatization A' -> the ministry;
    'President of Belarus B' -> Belarus; 'Executive Vice Presidents C and D' -> both titled."""
    out: list[Post] = []
    shared: dict[int, Span] = {}  # token after a name -> the plural title that introduced it
    groups = lexicon.table("role_groups")
    connectors = lexicon.words("title_connectors")
    # "… to the UN Office in Geneva A": the city of an envoy's post ends the title
    seats = {m.start - 1 for m in ms if m.type == "Place"}
    for p in (m for m in ms if m.type == "Person" and m.source != "anaphor"):
        j = p.start
        if j > sent.start and doc[j - 1].text == ",":
            j -= 1
        k = j
        other_persons = {
            i for m in ms if m.type == "Person" and m.key != p.key for i in range(m.start, m.end)
        }
        while (
            k > sent.start
            and k - 1 not in other_persons
            # "EU Co-Chairs | Executive …": a group word ends the walk, unless it is the plural
            # title right before the name ("Deputy Ministers A and B")
            and (doc[k - 1].lower_ not in groups or (k == j and doc[k - 1].is_title))
            # "President of Peru and Prime Minister A": an 'and' before a title already read
            # ends it (the words before belong to the person named before)
            and not (doc[k - 1].lower_ == "and" and any(title_word(t) for t in doc[k:j]))
            and (
                doc[k - 1].is_title
                or doc[k - 1].is_upper
                or doc[k - 1].lower_ in connectors
                or doc[k - 1].lower_ in ("for", "'s", "’s", "-")
                or (doc[k - 1].lower_ == "in" and k - 1 in seats)
                # "Belarus' Permanent Representative …": the possessive of a name ending in s
                or (doc[k - 1].text in ("'", "’") and k - 2 >= sent.start and doc[k - 2].is_title)
                or _portfolio_comma(doc, k - 1)
                or _acronym_bracket(doc, k - 1)
            )
        ):
            k -= 1
        if k > sent.start and k < j and doc[k].lower_ == "of" and title_word(doc[k - 1]):
            k -= 1  # "the head of the Ministry of … A": a title word in lower case begins the title
        while k < j and doc[k].lower_ in ("and", "of", "the", "for", "-"):
            k += 1
        title = doc[k:j]
        if not title and j - 1 in shared:
            title = shared[j - 1]  # a plural title is the title of every name it introduces
            k, j = title.start, title.end
        if not title or not any(title_word(t) for t in title):
            post = _apposed_post(doc, p, sent, si, ms)
            if post is not None:
                out.append(post)
            continue
        if title[-1].lower_.endswith("s") and title_word(title[-1]):
            shared[p.end] = title
        inside = [m for m in ms if k <= m.start and m.end <= j and m.type in ORG_ACTORS]
        # "Permanent Representative of A to the UN Office": an envoy acts for the side before 'to'
        bodies = _sending_side(title, [m for m in inside if m.type in BODY_TYPES])
        countries = [m for m in inside if m.type == "Country"]
        target: Mention | None = bodies[0] if bodies else _ministry_for_title(title, all_ms)
        if target is None and countries:
            target = _sending_state(title, countries)
        if target is None and p.end + 1 < sent.end and doc[p.end].lower_ == "of":
            after = [m for m in ms if m.type == "Country" and m.start in (p.end + 1, p.end + 2)]
            target = after[0] if after else None
        out.append(_post(p, si, title, target, "title", 0.75))
    return out


def _apposed_post(doc: Doc, p: Mention, sent: Span, si: int, ms: list[Mention]) -> Post | None:
    """'said A, Assistant to the President and Director of the White House Office of Science and
    Technology Policy': a post after the name, up to the next comma or the end."""
    if p.end + 1 >= sent.end or doc[p.end].text != ",":
        return None
    end = p.end + 1
    while (
        end < sent.end
        and doc[end].text not in (",", ";", ".", "(", "“", '"', "”")
        and "\n" not in doc[end - 1].text_with_ws
    ):
        end += 1
    post = doc[p.end + 1 : end]
    titles = lexicon.words("head_of_state_titles") | lexicon.words("strong_titles")
    if not post or not post[0].is_title or not any(t.lower_ in titles for t in post[:6]):
        return None
    if any(m.type == "Person" and post.start <= m.start < post.end for m in ms):
        return None
    inside = [m for m in ms if post.start <= m.start and m.end <= post.end]
    bodies = [m for m in inside if m.type in BODY_TYPES]
    countries = [m for m in inside if m.type == "Country"]
    target = bodies[-1] if bodies else (_sending_state(post, countries) if countries else None)
    return _post(p, si, post, target, "apposed-post", 0.7)


def _sending_side(title: Span, ms: list[Mention]) -> list[Mention]:
    """'Ambassador of Japan to Kenya': the mentions before an envoy's 'to' (all, with no 'to')."""
    tos = [t.i for t in title if t.lower_ == "to"]
    return [m for m in ms if not tos or m.end <= tos[0]]


def _sending_state(title: Span, countries: list[Mention]) -> Mention:
    """'Ambassador of Japan to Kenya': an envoy acts for the state before 'to', not the one it is
    sent to; other titles for the last state they name."""
    return (_sending_side(title, countries) or countries)[-1]


def _ministry_for_title(title: Span, mentions: list[Mention]) -> Mention | None:
    """'Minister of X' names the 'Ministry of X' when the document mentions that ministry."""
    text = title.text
    i = text.find("Minister of ")
    if i < 0:
        return None
    words = text[i + len("Minister of ") :].split()
    for m in mentions:
        if (
            m.type == "GovernmentBody"
            and m.text.startswith("Ministry of ")
            and m.text[len("Ministry of ") :].split()[:3] == words[:3]
        ):
            return m
    return None
