"""Events: where they took place, who took part, who organised them."""

from __future__ import annotations

from collections.abc import Iterator

from graph.nlp import lexicon
from graph.nlp.extensions import doc_text
from graph.nlp.lists import coordinated
from graph.nlp.rules import rule
from graph.nlp.rules.agreements import _paired
from graph.nlp.rules.context import ACTORS, ORG_ACTORS, Context
from graph.nlp.types import Candidate, Mention


def _paired_with_region(ctx: Context, m: Mention, o: Mention) -> bool:
    """Whether ``o`` is joined by a hyphen inside ``m`` to a title-case word that starts or ends
    no entity ('Africa' in 'the Russia-Africa summit')."""
    doc = ctx.doc
    if o.end < m.end and doc[o.end].text in "-–—":
        other = doc[o.end + 1] if o.end + 1 < m.end else None
    elif o.start > m.start and doc[o.start - 1].text in "-–—":
        other = doc[o.start - 2] if o.start - 2 >= m.start else None
    else:
        return False
    if other is None or not other.is_title or not other.is_alpha:
        return False
    return not any(x.start <= other.i < x.end for x in ctx.ms if x is not m)


@rule("events.named_parties")
def named_parties(ctx: Context) -> Iterator[Candidate]:
    """'the China-SCO … Forum' -> participants China and the SCO; 'NATO Summit' -> organizer NATO;
    'the UK's AI Safety Summit' -> organizer the UK (convention 24)."""
    doc = ctx.doc
    for m in ctx.ms:
        if m.type != "Event" or m.source != "name":
            continue
        if "owner" in m.extra:  # "The … Council (TTC) held its second ministerial meeting"
            owner = [o for o in ctx.ms if (o.start, o.end) == m.extra["owner"] and o.key]
            for o in owner[:1]:
                yield from ctx.fact(m.key, "organizer", o.key, [m, o], 0.7, "format-owner")
        inner = [
            o for o in ctx.ms if o.type in ORG_ACTORS and m.start <= o.start and o.end <= m.end and o is not m
        ]
        if not inner:
            continue
        paired = _paired(ctx, m)
        if len(paired) == 1 and _paired_with_region(ctx, m, paired[0]):
            # "the Russia-Africa summit", "the China-Arab States Summit": the state takes part
            # beside a region or group that is no entity
            yield from ctx.fact(m.key, "participant", paired[0].key, [m], 0.65, "named-parties")
            continue
        if len(paired) >= 2:
            for o in paired:
                yield from ctx.fact(m.key, "participant", o.key, [m], 0.7, "named-parties")
            continue
        owners = [o for o in inner if o.end < m.end and doc[o.end].text in ("'s", "’s")]
        for o in owners[:1]:
            yield from ctx.fact(m.key, "organizer", o.key, [m], 0.65, "owner")
        orgs = [o for o in inner if o.type == "InternationalOrganization"]
        # "the SCO Forum", "the Asia-Pacific Economic Cooperation (APEC) summit": the organisation
        # whose format it is organises it; "the China-SCO Forum" pairs it with another party
        dashed = any(
            (o.end < m.end and doc[o.end].text in "-–")
            or (o.start > m.start and doc[o.start - 1].text in "-–")
            for o in orgs
        )
        if len({o.key for o in orgs}) == 1 and not dashed:
            yield from ctx.fact(m.key, "organizer", orgs[0].key, [m], 0.7, "format-owner")


@rule("events.locations")
def locations(ctx: Context) -> Iterator[Candidate]:
    """'the NATO Summit in Vilnius'; 'the Forum … was held in Karamay': an event's place."""
    events = ctx.of_type("Event")
    if not events:
        return
    doc = ctx.doc
    for ev in events:
        # a place right after the event's name is where it took place
        nxt = [m for m in ctx.of_type("Place") if m.start == ev.end + 1 and doc[ev.end].lower_ == "in"]
        if nxt and ev.source != "anaphor":
            yield from ctx.fact(ev.key, "location", nxt[0].key, [ev, nxt[0]], 0.65, "event-in-place")
    if not any(t.lemma_.lower() in lexicon.triggers("held") for t in ctx.sent):
        return
    city_states = lexicon.words("city_states")
    places = [m for m in ctx.of_type("Place") if ctx.place_intro(m)]
    places += [
        m
        for m in ctx.of_type("Country")
        if m.source == "ref"
        and m.start > 0
        and doc[m.start - 1].lower_ == "in"
        and doc[m.start - 2 : m.start - 1].text.lower() != "part"
        and m.key.rsplit("/", 1)[-1] in city_states
    ]
    ordered = sorted(events, key=lambda e: e.start)
    owned: dict[str, Mention] = {}
    for i, ev in enumerate(ordered):
        # the place after the event and before the next one: "the 2008 Summer Olympics held in
        # China, and … the 2014 Winter Games in Sochi"
        following = ordered[i + 1].start if i + 1 < len(ordered) else len(doc)
        if len(events) > 1:
            own = [pl for pl in places if ev.end <= pl.start < following]
        else:
            # "… convened in Oslo to mark the progress since our Summit in 2022": a place before
            # the event's name is its place only when the event is what the verb holds
            own = [pl for pl in places if pl.start >= ev.end or _held(ctx, ev)]
        if own:
            owned[ev.key] = own[0]
    for i in range(len(ordered) - 2, -1, -1):
        # "the Fourth Meeting …, as well as the … Forum …, is held in Karamay": coordinated events
        # (no verb between them) share the place
        a, b = ordered[i], ordered[i + 1]
        verbless = not any(t.pos_ in ("VERB", "AUX") for t in doc[a.end : b.start])
        if a.key not in owned and b.key in owned and verbless:
            owned[a.key] = owned[b.key]
    for ev in ordered:
        pl = owned.get(ev.key)
        if pl is not None:
            yield from ctx.fact(ev.key, "location", pl.key, [ev, pl], 0.7, "held-in")


def _held(ctx: Context, ev: Mention) -> bool:
    """Whether the first verb above the event's name is one of holding or meeting ('In Oslo, the
    Summit was held', 'met in Helsinki for the Summit'), not a verb of another clause."""
    verb = ctx.verb_of(ctx.doc[ev.start : ev.end].root)
    return verb.lemma_.lower() in lexicon.triggers("held") | lexicon.triggers("meet")


@rule("events.participation")
def participation(ctx: Context) -> Iterator[Candidate]:
    """'The delegation headed by A took part in the Forum', 'B attended the Summit', 'the Summit
    was attended by A and B'."""
    for trig in ctx.triggers("participate"):
        if trig.lower_ == "part" and trig.head.lemma_ != "take":
            continue
        verb = ctx.verb_of(trig)
        if ctx.negated(verb):
            continue
        obj_toks: set[int] = set()
        for c in list(verb.children) + list(trig.children):
            if c.dep_ in ("prep", "dobj", "pobj", "attr") and c.i > trig.i - 1:
                obj_toks |= ctx.subtree(c)
        events = ctx.in_(obj_toks, {"Event"})
        actors = ctx.agents(trig, verb)
        if not actors and verb.tag_ == "VBG":
            # "Taking part in the Summit were A, B and C": the doers follow the inverted 'be'
            inverted = {
                i
                for b in verb.children
                if b.lemma_ == "be"
                for a in b.children
                if a.dep_ in ("attr", "nsubj")
                for i in ctx.subtree(a)
            }
            actors = ctx.in_(inverted, ACTORS)
        if trig.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in trig.children):
            # "The meeting was attended by delegations of A and B": the event is the passive
            # subject, the participants are in the 'by' phrase
            nsubj = {i for c in trig.children if c.dep_ == "nsubjpass" for i in ctx.subtree(c)}
            by = {i for c in trig.children if c.dep_ == "agent" for i in ctx.subtree(c)}
            events = ctx.in_(nsubj, {"Event"})
            actors = ctx.in_(by, ACTORS)
            if not events and trig.lemma_.lower() == "represent":
                # "A was represented at the Summit by Minister B": A and B took part in the Summit
                # (the small parser often hangs 'by B' on the event's name)
                by |= {i for t in trig.subtree if t.lower_ == "by" for i in ctx.subtree(t)}
                events = ctx.in_(obj_toks - by, {"Event"})
                actors = ctx.in_(nsubj | by, ACTORS)
        if trig.pos_ == "NOUN" and trig.dep_ == "nsubj" and verb.lemma_.lower() == "include":
            # "Participants of the Forum included ministers from A, B and C": the list is who took part
            actors = ctx.in_({i for c in verb.children if c.dep_ == "dobj" for i in ctx.subtree(c)}, ACTORS)
            if not events and not list(trig.children) and ctx.prior_events:
                # "… hosted the Forum. Participants included A, B and C": of the latest event
                events = [ctx.prior_events[-1]]
        if not events and trig.pos_ == "NOUN":
            # "The Dialogue featured representation from the Ministry of A": the event is the
            # subject and the participants follow the participation noun
            events = ctx.subjects(verb, {"Event"})
            actors = ctx.in_(ctx.subtree(trig) - {trig.i}, ACTORS)
        if not events:
            continue
        for ev in events:
            for a in actors:
                yield from ctx.participant(ev, a, [ev, a, trig], 0.75, "take-part", 0.6)


@rule("events.role_group")
def role_group(ctx: Context) -> Iterator[Candidate]:
    """'U.S. co-chairs, Secretary of State A and … B were joined by EU Co-Chairs …': the persons
    listed after a state's or organisation's group noun belong to it, the co-chairs of a meeting
    belong to the organisation whose format it is, and all took part in the latest event."""
    doc, sent = ctx.doc, ctx.sent
    event = ctx.prior_events[-1] if ctx.prior_events else None
    groups = lexicon.table("role_groups")
    for tok in sent:
        role = groups.get(tok.lower_)
        start = tok.i
        if tok.lower_ == "chairs" and tok.i >= 2 and doc[tok.i - 1].text == "-":
            role, start = "chair", tok.i - 2  # "co - chairs"
        if role is None:
            continue
        owners = [m for m in ctx.of_type("Country", "InternationalOrganization") if m.end == start]
        if not owners:
            continue
        end = tok.i + 1
        while end < sent.end and not (doc[end].pos_ in ("VERB", "AUX") and not doc[end].is_title):
            end += 1
        persons = [m for m in ctx.of_type("Person") if tok.i < m.start and m.end <= end]
        if not persons:
            continue
        owner = owners[0]
        chaired = ctx.format_owner(event) if role == "chair" and event is not None else ""
        for p in persons:
            if not ctx.view.titled_by_body(p.key):
                yield from ctx.fact(p.key, "affiliatedWith", owner.key, [p, owner, tok], 0.6, "role-group")
            if chaired:
                yield from ctx.fact(p.key, "affiliatedWith", chaired, [p, tok], 0.6, "co-chair")
            if event is not None:
                yield from ctx.fact(event.key, "participant", p.key, [p, tok], 0.55, "role-group")
        if event is not None:
            yield from ctx.fact(event.key, "participant", owner.key, [owner, tok], 0.55, "role-group")


@rule("events.attendance")
def attendance(ctx: Context) -> Iterator[Candidate]:
    """'… met in Helsinki for the third U.S.-Nordic Leaders' Summit', 'At the East Asia Summit,
    President A announced …', 'A and B met on the sidelines of the summit': the doers of a clause
    set at a named event took part in it."""
    doc = ctx.doc
    margins = lexicon.words("margin_nouns")
    gather = lexicon.triggers("meet") | lexicon.triggers("held") | lexicon.words("gathering_verbs")
    # "at the June 26, 2022, G7 Summit": the walk back from a name steps over a date too
    dated = {
        t.i for a, b, _ in ctx.sentence_dates for t in doc.char_span(a, b, alignment_mode="expand") or []
    }
    for ev in ctx.of_type("Event"):
        if ev.source == "anaphor" or ev.start == 0:
            continue
        # "at the recent G20 summit": the preposition before the event's determiner and adjectives
        k = ev.start - 1
        while k > 0 and (
            doc[k].pos_ in ("DET", "ADJ")
            or doc[k].lower_ == "the"
            or k in dated
            or (doc[k].text == "," and k - 1 in dated)
        ):
            k -= 1
        margin = False
        if doc[k].lower_ == "of" and k >= 2 and doc[k - 1].lower_ in margins:
            # "on the sidelines of the summit": the clause is set at the event
            k -= 2
            while k > 0 and doc[k].lower_ == "the":
                k -= 1
            margin = True
        prep = doc[k]
        if prep.lower_ not in ("at", "during", "for", "on") or prep.dep_ != "prep":
            continue
        verb = ctx.verb_of(prep)
        if verb.pos_ not in ("VERB", "AUX") or ctx.negated(verb):
            continue
        if prep.lower_ in ("for", "on") and verb.lemma_ not in gather and not margin:
            continue
        actors = [a for a in ctx.agents(prep, verb) if not (ev.start <= a.start < ev.end)]
        for a in actors:
            yield from ctx.participant(ev, a, [ev, a, prep], 0.6, "at-event")


@rule("events.our_event")
def our_event(ctx: Context) -> Iterator[Candidate]:
    """'… since our Trilateral Leaders' Summit in 2023' in a statement its authors sign ('We, the
    leaders of A, B and C, …'): the authors took part in the event they call theirs (the
    anaphora component resolves that 'our' to each author)."""
    doc = ctx.doc
    for ev in ctx.of_type("Event"):
        if ev.source == "anaphor":
            continue
        for a in ctx.ms:
            t = doc[a.start]
            if (
                a.source == "anaphor"
                and a.type in ACTORS
                and t.dep_ == "poss"
                and a.start < ev.start
                and ev.start <= t.head.i < ev.end
            ):
                yield from ctx.participant(ev, a, [ev, doc[a.start]], 0.65, "our-event")


@rule("events.speaker")
def speaker(ctx: Context) -> Iterator[Candidate]:
    """A transcript of the event a document is about: the speaker a label names at the start of a
    line ('President of Russia Vladimir Putin: Colleagues, …') took part in it."""
    main = ctx.main
    if main is None or main.type != "Event":
        return
    doc = ctx.doc
    text = doc_text(doc)  # joined once per document, not once per sentence
    for p in ctx.of_type("Person"):
        if p.source == "anaphor" or p.end >= len(doc) or doc[p.end].text != ":":
            continue
        # a label opens its line: a heading or a title may come before the name, no clause
        line = doc.char_span(text.rfind("\n", 0, p.start_char) + 1, p.start_char, alignment_mode="expand")
        if line is not None and any(t.pos_ in ("VERB", "AUX") for t in line):
            continue
        yield from ctx.participant(main, p, [p, doc[p.end]], 0.6, "speaker")


@rule("events.between")
def between(ctx: Context) -> Iterator[Candidate]:
    """'the Nairobi summit between President A and President B', 'talks between the ministries of A
    and B': the parties an event is between take part in it."""
    for ev in ctx.of_type("Event"):
        if ev.source == "anaphor":
            continue
        head = ctx.doc[ev.end - 1]
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                for a in ctx.between(c, ACTORS):
                    yield from ctx.participant(ev, a, [ev, a, c], 0.7, "event-between")


@rule("events.led_by")
def led_by(ctx: Context) -> Iterator[Candidate]:
    """'the Department of Commerce and ROK Ministry of Trade-led Supply Chain Dialogue', 'a
    Kenya-hosted forum': the actors joined by a hyphen to 'led' / 'hosted' right before an event's
    name organise it."""
    doc = ctx.doc
    participles = lexicon.words("led_compounds")
    starts: dict[int, Mention] | None = None
    for ev in ctx.of_type("Event"):
        i = ev.start
        if (
            ev.source == "anaphor"
            or i < 3
            or doc[i - 1].lower_ not in participles
            or doc[i - 2].text not in "-–"
        ):
            continue
        if starts is None:
            # built only for a sentence with such a compound: the longest mention at each start
            # ('Chilean Ministry of Science', not 'Chilean')
            starts = {
                m.start: m
                for m in sorted(ctx.ms, key=lambda m: m.end - m.start)
                if m.type in ORG_ACTORS | {"Person"} and m.source != "anaphor"
            }
        last = next((m for m in starts.values() if m.end == i - 2), None)
        if last is None:
            continue
        hosts = [last]
        for k in range(ctx.sent.start, last.start):  # "A and B-led": the list that ends in B
            listed = [m for _, m in coordinated(doc, k, i - 2, starts)]
            if listed and listed[-1] is last:
                hosts = listed
                break
        for h in hosts:
            yield from ctx.fact(ev.key, "organizer", h.key, [ev, h, doc[i - 1]], 0.7, "led-by")


@rule("events.organizers")
def organizers(ctx: Context) -> Iterator[Candidate]:
    """'… Meeting hosted by Prime Minister A' / 'Finland hosted the … Summit' / 'the Summit was
    organised by A'."""
    hosts_types = ORG_ACTORS | {"Person"}
    for trig in ctx.triggers("organize"):
        if ctx.negated(trig):
            continue
        hosts: list[Mention] = []
        if trig.tag_ == "VBN" and trig.dep_ in ("acl", "amod", "relcl"):
            events = [
                m
                for m in ctx.of_type("Event")
                if m.start <= trig.head.i < m.end or (m.end <= trig.i and trig.i - m.end <= 2)
            ]
            for c in trig.children:
                if c.dep_ == "agent":
                    hosts = ctx.in_(ctx.subtree(c), hosts_types | {"Place"})
        elif trig.pos_ == "NOUN":
            # "Peru's hosting of the Summit and the Forum", "the organisation of the Forum by A"
            hosts, events = [], []
            for c in trig.children:
                if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by"):
                    hosts += ctx.in_(ctx.subtree(c), hosts_types | {"Place"})
                elif c.dep_ == "prep" and c.lower_ == "of":
                    events += ctx.in_(ctx.subtree(c), {"Event"})
            # "the ROK's hosting of the Summit on AI, the AI Forum, and the … Summit": each event
            # of the list (the small parser hangs the later ones elsewhere)
            starts = {m.start: m for m in ctx.of_type("Event") if m.source != "anaphor"}
            for e in events[:1]:
                events += [
                    m for _, m in coordinated(ctx.doc, e.start, ctx.sent.end, starts) if m not in events
                ]
        else:
            hosts = ctx.subjects(trig, hosts_types | {"Place"})
            obj: set[int] = set()
            for c in trig.children:
                # "the hackathon was organised by A": the passive subject is what was organised
                if c.dep_ in ("dobj", "attr", "nsubjpass"):
                    obj |= ctx.subtree(c)
            events = ctx.in_(obj, {"Event"})
        # "Chilean Minister Pablo Rojas": a state or body only titling the person is no host
        hosts = [h for h in hosts if not (h.type != "Person" and ctx.in_title(h))]
        chaired = trig.lemma_.lower() in lexicon.words("chairing_verbs")
        # "Minsk hosted the meeting": a city that hosts is where the event took place
        places = [h for h in hosts if h.type == "Place"]
        hosts = [h for h in hosts if h.type != "Place"]
        for e in events:
            for pl in places[:1]:
                yield from ctx.fact(e.key, "location", pl.key, [e, pl, trig], 0.7, "hosted-in")
            # a host list longer than two is mostly a parse running on; chairs are often three or
            # four ("A, B and C chaired the meeting for X"), each of them a chair
            for h in hosts if chaired else hosts[:2]:
                yield from ctx.fact(e.key, "organizer", h.key, [e, h, trig], 0.7, "hosted")
                if chaired:  # a chair takes part in the meeting chaired (convention 13)
                    yield from ctx.participant(e, h, [e, h, trig], 0.65, "chaired")
