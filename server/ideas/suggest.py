"""Suggested groups of similar ideas, from their text alone, on the server.

Each idea is read as Finnish or English (by its own words, the workshop's language breaking
a tie), stemmed with the Snowball stemmer of that language so that "digituki",
"digitukea" and "digituen" count as one word, weighted with TF-IDF and grouped by average
cosine similarity (scikit-learn). No outside service sees the text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import snowballstemmer

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

# Words that carry no topic. Short on purpose: the stemmer and TF-IDF do the rest.
FINNISH_STOP = """
    ja tai sekä mutta että kun jos niin kuin myös vain jo vielä ei en et emme ette eivät
    on ovat oli olivat olla ole ollut olisi olisivat voisi voisimme voisivat voida voi
    miten mitä mikä mitkä missä mistä mihin joka jotka jonka joita joissa jossa sen se ne
    he hän me te minä sinä meidän heidän hänen heille meille niitä niiden tämä tätä nämä
    tuo tuon sitä siitä siihen siinä kanssa ilman ennen jälkeen aikana kautta varten
    kaikki kaikille jokainen enemmän vähemmän paljon hyvin esim eli ns jne
"""
ENGLISH_STOP = """
    a an the and or but if then so as of to in on at by for from with without into onto
    is are was were be been being am do does did done have has had can could would should
    may might will shall we us our you your they them their he she it its i me my this
    that these those there here what which who whom how when where why not no more less
    very all any each every some such than too also just only about over under again
"""
STOP = {"fi": frozenset(FINNISH_STOP.split()), "en": frozenset(ENGLISH_STOP.split())}
FINNISH_LETTERS = set("äöå")


class PackageMissing(Exception):
    """A package this feature needs is not installed (it runs where no request's language is
    known, so the caller words the error)."""


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer("finnish" if language == "fi" else "english")


def language_of(words: list[str]) -> str | None:
    """Finnish or English, by stop words and Finnish letters; None when they don't tell."""
    fi = sum(word in STOP["fi"] for word in words) + sum(
        any(ch in FINNISH_LETTERS for ch in word) for word in words)
    en = sum(word in STOP["en"] for word in words)
    if fi == en:
        return None
    return "fi" if fi > en else "en"


def terms(text: str, default: str = "fi") -> list[tuple[str, str]]:
    """(stem, word) for each topic word of ``text`` (``default``: the workshop's language).

    Snowball's Finnish stemmer leaves consonant gradation alone ("digituki" -> "digituk",
    "digituen" -> "digitue"), so a long Finnish stem also yields its first six letters as
    a feature of its own ("~digitu"), which the two forms share.
    """
    words = [word.lower() for word in WORD.findall(text)]
    language = language_of(words)
    # A short text may not tell its language ("Peer mentors teach smartphone use"): then
    # its words are stemmed both ways, the workshop's language first.
    languages = [language] if language else [default, "en" if default == "fi" else "fi"]
    found = []
    for word in words:
        if len(word) <= 2 or word in STOP["fi"] or word in STOP["en"]:
            continue
        for stem in dict.fromkeys(_stemmer(lang).stemWord(word) for lang in languages):
            found.append((stem, word))
        if language == "fi":
            stem = _stemmer("fi").stemWord(word)
            if len(stem) >= 7:
                found.append(("~" + stem[:6], word))
    return found


def suggest_groups(items: list[tuple[str, str]], *, language: str = "fi",
                   min_similarity: float = 0.1) -> list[dict]:
    """Group ``items`` ((id, text) pairs) whose words overlap.

    Returns ``[{"name": ..., "idea_ids": [...]}, ...]``, largest group first; ideas that
    resemble no other are left out. ``min_similarity`` is the average cosine similarity
    (0..1) within a group.
    """
    analysed = [(item_id, terms(text, language)) for item_id, text in items]
    analysed = [(item_id, found) for item_id, found in analysed if found]
    if len(analysed) < 2:
        return []

    try:
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError as missing:  # the optional 'suggest' extra is not installed
        raise PackageMissing("scikit-learn") from missing

    vectorizer = TfidfVectorizer(analyzer=lambda found: [stem for stem, _word in found],
                                 sublinear_tf=True)
    matrix = vectorizer.fit_transform([found for _id, found in analysed]).toarray()
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average",
        distance_threshold=1 - min_similarity,
    ).fit_predict(matrix)

    vocabulary = vectorizer.get_feature_names_out()
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    suggestions = []
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        weights = matrix[indexes].sum(axis=0)
        # Name it after its heaviest shared word, in the form people wrote most often.
        ranked = [i for i in weights.argsort()[::-1] if weights[i] > 0]
        shared = [i for i in ranked if sum(matrix[j][i] > 0 for j in indexes) > 1] or ranked
        stem = vocabulary[shared[0]]
        words = Counter(word for j in indexes for s, word in analysed[j][1] if s == stem)
        # The commonest form; the shortest on a tie (closest to the basic form).
        name = min(words, key=lambda w: (-words[w], len(w), w)) if words else stem.lstrip("~")
        suggestions.append({"name": name[:1].upper() + name[1:],
                            "idea_ids": [analysed[j][0] for j in indexes]})
    suggestions.sort(key=lambda s: -len(s["idea_ids"]))
    return suggestions
