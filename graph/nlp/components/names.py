"""The names component: every span that names an entity of the ontology, before linking.

Three sources, in this order of trust: the gazetteer (``doc.spans["coop_ref"]``), names grown
around head words and phrases (:mod:`graph.nlp.naming`), and the model's NER checked against the
name vocabulary. Overlaps are resolved here: names win over the model; reference mentions may
nest inside names (a country in a body's name is an entity too) but not the other way round.
Writes ``doc._.coop_mentions`` (unlinked: no keys but the gazetteer's).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from graph.nlp.components.context import excluded
from graph.nlp.gazetteer import DEMONYM
from graph.nlp.naming.companies import CompanyCues
from graph.nlp.naming.ner import NerNames
from graph.nlp.naming.plurals import PluralDocuments
from graph.nlp.naming.titles import TitleNames
from graph.nlp.naming.vocabulary import reference
from graph.nlp.types import Mention

# Between known names in a name grown over them: "China's Belt and Road Initiative", "the Global
# Development Initiative and COVAX", "the EU's AI Act" (see NameRecognizer._known_programmes).
GLUE = frozenset({"and", "&", "the", "'s", "’s", ",", "-", "–"})


class NameRecognizer(TitleNames, NerNames, CompanyCues, PluralDocuments):
    def __init__(self, nlp: Language, name: str, ontology: str = "") -> None:
        super().__init__(ontology)
        self.name = name
        self.ref = reference(ontology)

    def __call__(self, doc: Doc) -> Doc:
        self._index_refs(doc)
        mentions = self._ref_mentions(doc)
        # before the title names: "Ministries of … of A" is the first of the bodies, not a name
        mentions += self._plural_bodies(doc)
        mentions += self._names(doc)
        mentions += self._company_cues(doc)
        mentions += self._plural_documents(doc)
        mentions += self._model_mentions(doc, mentions)
        mentions = self._known_programmes(doc, mentions)
        # a dateline, byline or boiler section (graph.nlp.components.context) names no entity of
        # the text: its mentions are dropped here, before persons, abbreviations and the linker
        doc._.coop_mentions = [
            m for m in self._resolve_overlaps(mentions) if not excluded(doc, m.start_char, m.end_char)
        ]
        return doc

    def _ref_mentions(self, doc: Doc) -> list[Mention]:
        out = []
        for sp in doc.spans.get("coop_ref", []):
            typ = "Country" if sp.label_ == DEMONYM else sp.label_
            if typ == "Country" and sp.end < len(doc) and doc[sp.end].lower_ in self.geo_features:
                continue  # "the Taiwan Strait", "the Korean Peninsula" are geography, not the state
            ref = self.ref.entities.get(sp.id_)
            if ref is None:
                continue
            if typ == "GovernmentBody" and self._title_before_name(doc, sp.end):
                # "United States Trade Representative Jane Smith": an office named after its holder,
                # right before a person's name, is that person's title (convention 9): no body, and
                # the state the title begins with is the one the person is affiliated with
                state = self._leading_state(doc, sp.start, sp.end)
                if state is not None:
                    out.append(state)
                continue
            # "Chinese" in "Chinese companies" is China; "Korea" inside "Republic of Korea" is matched whole.
            m = Mention(
                sp.start,
                sp.end,
                typ,
                sp.id_,
                sp.text,
                "demonym" if sp.label_ == DEMONYM else "ref",
                sp.start_char,
                sp.end_char,
                country=ref.country,
            )
            out.append(m)
        return out

    def _title_before_name(self, doc: Doc, end: int) -> bool:
        """The span ending at ``end`` ends in a person's title word and a person's name follows."""
        return (
            end < len(doc)
            and doc[end - 1].lower_ in self.title_vocabulary
            and doc[end].ent_type_ == "PERSON"
            and doc[end].ent_iob_ == "B"
        )

    def _leading_state(self, doc: Doc, start: int, end: int) -> Mention | None:
        """The country whose name or demonym begins the span (longest form first)."""
        for k in range(end - 1, start, -1):
            key = self.country_by_form.get(doc[start:k].text)
            if key is not None:
                ref = self.ref.entities[key]
                sp = doc[start:k]
                return Mention(
                    start, k, "Country", key, sp.text, "ref", sp.start_char, sp.end_char, country=ref.country
                )
        return None

    def _known_programmes(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A name grown over a gazetteer initiative or agreement is no new entity. Made only of
        known names and glue ("China's Belt and Road Initiative", "the Chinese Global Security
        Initiative", "the Global Development Initiative and COVAX", "the EU's AI Act", "WTO
        Information Technology Agreement"), or of an initiative and a campaign head word ("Digital
        Silk Road Initiative"), it is dropped: the initiative or agreement and the states and
        organisations beside it stand. A name that coordinates one ("… Partnership and the Belt and
        Road Initiative", "… Economic Corridor and Data Free Flow with Trust") ends before it; one
        that stops inside one it names ("Memorandum of Understanding on the Belt | and Road
        Initiative") takes all of it, and is dropped if it is then made only of known names
        ("United Nations Convention | against Cybercrime")."""
        inits = [r for r in mentions if r.source == "ref" and r.type in ("Initiative", "Agreement")]
        if not inits:
            return mentions
        covered = {i for r in mentions if r.source in ("ref", "demonym") for i in range(r.start, r.end)}
        campaign_heads = {w for w, t in self.heads.items() if t == "Initiative"}

        def only_known(m: Mention, start: int, end: int) -> bool:
            return all(
                i in covered
                or doc[i].lower_ in GLUE
                or (m.type == "Initiative" and doc[i].lower_ in campaign_heads)
                for i in range(start, end)
            )

        out: list[Mention] = []
        for m in mentions:
            if m.source != "name" or not any(r.start < m.end and m.start < r.end for r in inits):
                out.append(m)
                continue
            if only_known(m, m.start, m.end):
                continue
            cut, extend = m.end, m.end
            for r in inits:
                if m.start < r.start < m.end:
                    k = r.start - 1 if doc[r.start - 1].lower_ == "the" and r.start - 1 > m.start else r.start
                    if doc[k - 1].lower_ in ("and", "&", ","):
                        cut = min(cut, k)  # "… Economic Corridor and | Data Free Flow with Trust"
                    elif r.end > m.end:
                        extend = max(extend, r.end)  # "Memorandum … on the Belt | and Road Initiative"
            if cut < m.end:
                while cut > m.start and doc[cut - 1].lower_ in GLUE:
                    cut -= 1
                if sum(t.is_alpha for t in doc[m.start : cut]) < 2 or only_known(m, m.start, cut):
                    continue
                end = cut
            else:
                end = extend
                if end > m.end and only_known(m, m.start, end):
                    continue
            if end == m.end:
                out.append(m)
                continue
            n = m.respan(doc[m.start : end])
            # a tail or an author list that began after the cut went with it
            n.extra = {
                key: v
                for key, v in m.extra.items()
                if not (key in ("tail_start", "authors_start") and v >= end)
                and not (key == "parties" and v[1] > end)
            }
            out.append(n)
        return out

    def _resolve_overlaps(self, mentions: list[Mention]) -> list[Mention]:
        """Names win over the model; reference mentions may nest inside names (a country in a
        body's name is an entity too) but not the other way round."""
        names = [m for m in mentions if m.source == "name"]
        refs = [m for m in mentions if m.source in ("ref", "demonym")]
        model = [m for m in mentions if m.source == "model"]
        kept_names: list[Mention] = []
        for m in sorted(names, key=lambda m: -(m.end - m.start)):
            # a name that is exactly a reference entity ("Shanghai Cooperation Organization") is that entity
            if any(r.start == m.start and r.end == m.end for r in refs):
                continue
            if any(r.start <= m.start and m.end <= r.end for r in refs):
                continue
            if not any(
                k.start < m.end and m.start < k.end and not m.start >= k.extra.get("tail_start", k.end)
                for k in kept_names
            ):
                kept_names.append(m)
        # a body is not split off a longer name ("AI Safety Institute" in "Korea AI Safety Institute"),
        # and a place inside a name is no place of the text ("Paris" in "the Paris Agreement")
        refs = [
            r
            for r in refs
            if r.type not in ("GovernmentBody", "Company", "Place")
            or not any(
                k.start <= r.start
                and r.end <= k.end
                and (k.end - k.start) > (r.end - r.start)
                and r.start < k.extra.get("tail_start", k.end)  # a party in a document's tail stays
                for k in kept_names
            )
        ]
        out = kept_names + refs
        for m in model:
            # a signer named in a statement's name ("statement by …, and NATO Secretary General
            # Stoltenberg") is a person of the text too
            if not any(
                o.start < m.end
                and m.start < o.end
                and not (m.type == "Person" and m.start >= o.extra.get("authors_start", o.end))
                for o in out
            ):
                out.append(m)
        return out
