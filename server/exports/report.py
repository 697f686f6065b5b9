"""The workshop report, in Markdown and PDF, in the workshop's language (Finnish, Swedish or
English): its sessions, the personas and customer profiles with their fields, the
challenges with their canvases' answers and how-might-we questions, ideas by group, the
concepts with all their texts, the vote results (a chart), and the pilots - their progress,
milestones, timeline of status changes and updates, the blockers still open, the measures
drawn against baseline and target - with the chain from each pilot back to its personas.

What it shows is what the entity views (:mod:`server.events.entities`) give its reader, a
facilitator's export: a round's results only once they show, no author the workshop
promised anonymity; no task answer is quoted. The report names no authors at all - it tells
what the workshop made, not who wrote each line.

The PDF is drawn with fpdf2 in Open Sans, embedded from the ``ttf-opensans`` package (a
dependency, so no system font is needed), which has every letter of Finnish and Swedish and
the typographic dashes, quotes and ellipsis people type.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime
from functools import lru_cache

from babel.dates import format_skeleton

from ..events.entities import ENTITIES, FACILITATOR_EXPORT, Viewer
from ..extensions import db
from ..formatting import babel_locale, format_day
from ..schemas import pick_language

# The report's own words: it is a file, made in the workshop's language whichever language
# the facilitator's screen is in, so it does not follow the request's catalogue.
WORDS = {
    "fi": {"report": "Työpajaraportti", "sessions": "Tapaamiset ja teemat",
           "reader": "Raportti näyttää sen, minkä fasilitaattori näkee Pajassa. Se ei nimeä "
                     "kirjoittajia.",
           "personas": "Persoonat ja asiakasprofiilit", "challenges": "Haasteet ja kysymykset",
           "statement": "Haastelause", "canvas": "Haastekanvaasin vastaukset",
           "importance": "Tärkeys (ka.)", "questions": "Miten voisimme -kysymykset",
           "ideas": "Ideat ryhmittäin", "ungrouped": "Ryhmittelemättä", "concepts": "Konseptit",
           "stage": "Vaihe", "votes": "Äänestyksen tulokset", "place": "Sija",
           "item": "Kohde", "dots": "Pisteet", "chosen": "valittu", "tie": "tasapeli",
           "pilots": "Pilotit", "status": "Tila", "team": "Tiimi", "hypothesis": "Hypoteesi",
           "dates": "Ajankohta", "progress": "Edistyminen",
           "programme": "Pilottien edistyminen yhteensä (painotettu)",
           "milestones": "Välitavoitteet", "due": "määräpäivä", "done": "tehty",
           "not_done": "kesken", "timeline": "Aikajana", "status_change": "Tila",
           "update": "Päivitys", "measures": "Mittarit", "baseline": "lähtötaso",
           "target": "tavoite", "latest": "viimeisin", "values": "arvo", "date": "päivä",
           "open": "Avoimet esteet ja avuntarpeet", "resolved": "ratkaistu",
           "still_open": "avoinna", "no_open": "Ei avoimia esteitä.",
           "for_personas": "Persoonat",
           "chain": "Pilotista persooniin", "none": "Ei vielä.", "created": "Laadittu",
           "phases": "vaihetta", "updates": "päivitystä", "organisations": "Organisaatiot",
           "summary": "{people} osallistujaa {orgs} organisaatiosta · {ideas} ideaa · "
                      "{concepts} konseptia · {pilots} pilottia",
           "page": "Sivu {n}/{total}",
           "kinds": {"persona": "Persoona", "profile": "Asiakasprofiili"},
           "fields": {"name": "Nimi", "age_range": "Ikä", "role": "Rooli", "quote": "Lainaus",
                      "situation": "Tilanne", "goals": "Tavoitteet",
                      "frustrations": "Turhautumiset", "digital_skills": "Digitaidot",
                      "devices": "Laitteet", "motivation": "Motivaatio",
                      "services_used": "Käytetyt palvelut", "what_helps": "Mikä auttaa",
                      "segment": "Segmentti", "description": "Kuvaus", "needs": "Tarpeet",
                      "channels": "Kanavat", "values": "Mitä he arvostavat",
                      "blockers": "Mikä heitä estää"},
           "canvas_questions": {
               "causes": "Mikä aiheuttaa haasteen nyt?",
               "gap": "Mikä muodostaa kuilun ongelman ja ratkaisun välille?",
               "when_where": "Milloin ja missä se näkyy?",
               "effects": "Mitä vaikutuksia sillä on? (aika, raha, muu)",
               "importance": "Kuinka tärkeää sen ratkaiseminen on, ja miksi?"},
           "texts": {"need": "Tarve", "what": "Mitä se on", "takes_people": "Ihmiset",
                     "takes_devices": "Laitteet", "takes_training": "Koulutus",
                     "takes_digital": "Digituki", "first_try": "Ensimmäinen kokeilu",
                     "risks": "Riskit"},
           "update_texts": {"did": "Mitä teimme", "learned": "Mitä opimme",
                            "next_step": "Seuraava askel", "blockers": "Esteet",
                            "help_needed": "Tarvitsemme apua"},
           "chain_steps": ("Konsepti", "Ideat", "Kysymykset", "Haasteet", "Persoonat"),
           "stages": {"draft": "luonnos", "refined": "viimeistelty", "selected": "valittu",
                      "piloting": "pilotissa", "dropped": "hylätty"},
           "statuses": {"planned": "suunnitteilla", "running": "käynnissä", "paused": "tauolla",
                        "done": "valmis", "stopped": "lopetettu"}},
    "sv": {"report": "Workshoprapport", "sessions": "Träffar och teman",
           "reader": "Rapporten visar det som en handledare ser i Paja. Den nämner inte vem "
                     "som skrivit vad.",
           "personas": "Personor och kundprofiler", "challenges": "Utmaningar och frågor",
           "statement": "Utmaningen formulerad", "canvas": "Svaren på utmaningskanvasen",
           "importance": "Vikt (medel)", "questions": "Hur skulle vi kunna-frågor",
           "ideas": "Idéer per grupp", "ungrouped": "Inte grupperade", "concepts": "Koncept",
           "stage": "Skede", "votes": "Röstningsresultat", "place": "Plats",
           "item": "Objekt", "dots": "Poäng", "chosen": "vald", "tie": "delad plats",
           "pilots": "Piloter", "status": "Status", "team": "Team", "hypothesis": "Hypotes",
           "dates": "Tid", "progress": "Framsteg",
           "programme": "Piloternas framsteg sammanlagt (viktat)",
           "milestones": "Delmål", "due": "senast", "done": "klart",
           "not_done": "pågår", "timeline": "Tidslinje", "status_change": "Status",
           "update": "Uppdatering", "measures": "Mätare", "baseline": "utgångsläge",
           "target": "mål", "latest": "senaste", "values": "värde", "date": "datum",
           "open": "Öppna hinder och hjälpbehov", "resolved": "löst",
           "still_open": "öppet", "no_open": "Inga öppna hinder.",
           "for_personas": "Personor",
           "chain": "Från pilot till personor", "none": "Inget ännu.", "created": "Gjord",
           "phases": "faser", "updates": "uppdateringar", "organisations": "Organisationer",
           "summary": "{people} deltagare från {orgs} organisationer · {ideas} idéer · "
                      "{concepts} koncept · {pilots} piloter",
           "page": "Sida {n}/{total}",
           "kinds": {"persona": "Persona", "profile": "Kundprofil"},
           "fields": {"name": "Namn", "age_range": "Ålder", "role": "Roll", "quote": "Citat",
                      "situation": "Situation", "goals": "Mål",
                      "frustrations": "Frustrationer", "digital_skills": "Digitala färdigheter",
                      "devices": "Enheter", "motivation": "Motivation",
                      "services_used": "Tjänster som används", "what_helps": "Vad som hjälper",
                      "segment": "Segment", "description": "Beskrivning", "needs": "Behov",
                      "channels": "Kanaler", "values": "Vad de värdesätter",
                      "blockers": "Vad som hindrar dem"},
           "canvas_questions": {
               "causes": "Vad orsakar utmaningen nu?",
               "gap": "Vad skapar klyftan mellan problemet och en lösning?",
               "when_where": "När och var syns den?",
               "effects": "Vilka följder har den? (tid, pengar, annat)",
               "importance": "Hur viktigt är det att lösa den, och varför?"},
           "texts": {"need": "Behov", "what": "Vad det är", "takes_people": "Människor",
                     "takes_devices": "Enheter", "takes_training": "Utbildning",
                     "takes_digital": "Digitalt stöd", "first_try": "Första försöket",
                     "risks": "Risker"},
           "update_texts": {"did": "Vad vi gjorde", "learned": "Vad vi lärde oss",
                            "next_step": "Nästa steg", "blockers": "Hinder",
                            "help_needed": "Vi behöver hjälp"},
           "chain_steps": ("Koncept", "Idéer", "Frågor", "Utmaningar", "Personor"),
           "stages": {"draft": "utkast", "refined": "bearbetat", "selected": "valt",
                      "piloting": "i pilot", "dropped": "slopat"},
           "statuses": {"planned": "planerad", "running": "pågår", "paused": "pausad",
                        "done": "klar", "stopped": "avbruten"}},
    "en": {"report": "Workshop report", "sessions": "Meetings and themes",
           "reader": "The report shows what a facilitator sees in Paja. It names no authors.",
           "personas": "Personas and customer profiles", "challenges": "Challenges and questions",
           "statement": "Challenge statement", "canvas": "The challenge canvas's answers",
           "importance": "Importance (mean)", "questions": "How-might-we questions",
           "ideas": "Ideas by group", "ungrouped": "Not grouped", "concepts": "Concepts",
           "stage": "Stage", "votes": "Vote results", "place": "Place",
           "item": "Item", "dots": "Dots", "chosen": "chosen", "tie": "tie",
           "pilots": "Pilots", "status": "Status", "team": "Team", "hypothesis": "Hypothesis",
           "dates": "Dates", "progress": "Progress",
           "programme": "The pilots' progress in all (weighted)",
           "milestones": "Milestones", "due": "due", "done": "done",
           "not_done": "not done", "timeline": "Timeline", "status_change": "Status",
           "update": "Update", "measures": "Measures", "baseline": "baseline",
           "target": "target", "latest": "latest", "values": "value", "date": "date",
           "open": "Open blockers and help needed", "resolved": "resolved",
           "still_open": "open", "no_open": "No open blockers.",
           "for_personas": "Personas",
           "chain": "From pilot to personas", "none": "None yet.", "created": "Made",
           "phases": "phases", "updates": "updates", "organisations": "Organisations",
           "summary": "{people} participants from {orgs} organisations · {ideas} ideas · "
                      "{concepts} concepts · {pilots} pilots",
           "page": "Page {n}/{total}",
           "kinds": {"persona": "Persona", "profile": "Customer profile"},
           "fields": {"name": "Name", "age_range": "Age", "role": "Role", "quote": "Quote",
                      "situation": "Situation", "goals": "Goals",
                      "frustrations": "Frustrations", "digital_skills": "Digital skills",
                      "devices": "Devices", "motivation": "Motivation",
                      "services_used": "Services used", "what_helps": "What helps",
                      "segment": "Segment", "description": "Description", "needs": "Needs",
                      "channels": "Channels", "values": "What they value",
                      "blockers": "What blocks them"},
           "canvas_questions": {
               "causes": "What causes the challenge now?",
               "gap": "What forms the gap between the problem and a solution?",
               "when_where": "When and where does it show up?",
               "effects": "What effects does it have? (time, money, other)",
               "importance": "How important is solving it, and why?"},
           "texts": {"need": "Need", "what": "What it is", "takes_people": "People",
                     "takes_devices": "Devices", "takes_training": "Training",
                     "takes_digital": "Digital support", "first_try": "First try",
                     "risks": "Risks"},
           "update_texts": {"did": "What we did", "learned": "What we learned",
                            "next_step": "Next step", "blockers": "Blockers",
                            "help_needed": "Help needed"},
           "chain_steps": ("Concept", "Ideas", "Questions", "Challenges", "Personas"),
           "stages": {"draft": "draft", "refined": "refined", "selected": "selected",
                      "piloting": "piloting", "dropped": "dropped"},
           "statuses": {"planned": "planned", "running": "running", "paused": "paused",
                        "done": "done", "stopped": "stopped"}},
}

# The persona fields in the order their card shows them (the title field is the heading).
PERSONA_FIELDS = {
    "persona": ("age_range", "role", "quote", "situation", "goals", "frustrations",
                "digital_skills", "devices", "motivation", "services_used", "what_helps"),
    "profile": ("description", "needs", "channels", "values", "blockers"),
}
CANVAS_QUESTIONS = ("causes", "gap", "when_where", "effects", "importance")
CONCEPT_TEXTS = ("need", "what", "takes_people", "takes_devices", "takes_training",
                 "takes_digital", "first_try", "risks")
UPDATE_TEXTS = ("did", "learned", "next_step", "blockers", "help_needed")


def _loc(value, lang):
    if isinstance(value, dict):
        return pick_language(value, lang)[0]
    return value or ""


def _day_of(seconds) -> date | None:
    """A view's timestamp (Unix seconds, UTC) as the calendar day it fell on."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).date()


def _iso(text) -> date | None:
    return date.fromisoformat(text) if text else None


def organisations(names) -> list[str]:
    """The organisations among ``names``, each once: "Kela", "kela " and "KELA" are one,
    written as most of its people wrote it (ties: the first written), in that order."""
    spellings: dict[str, Counter] = {}
    for name in names:
        name = " ".join((name or "").split())
        if name:
            spellings.setdefault(name.casefold(), Counter())[name] += 1
    # Counter.most_common keeps first-seen order among equal counts.
    return sorted((counts.most_common(1)[0][0] for counts in spellings.values()),
                  key=str.casefold)


def _views(kind: str, workshop_id: str, viewer: Viewer) -> list[dict]:
    """Every entity of ``kind`` in the workshop as ``viewer`` sees it, in the kind's order;
    those the view hides are left out. A kind that is not registered gives nothing."""
    entity = ENTITIES.get(kind)
    if entity is None:
        return []
    out = []
    for row in db.session.scalars(entity.rows_for(workshop_id, viewer)):
        view = entity.view(row, viewer)
        if view is not None:
            out.append(view)
    return out


def report_data(workshop_id: str, viewer: Viewer = FACILITATOR_EXPORT) -> dict:
    """Everything the report shows ``viewer``, gathered once for both formats; what the views
    hide from ``viewer`` is asked of the entity kinds, never decided here."""
    from ..pilots import service as pilot_service
    from ..pilots.models import Pilot
    from ..workshops.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    lang = workshop.language if workshop.language in WORDS else "fi"
    w = WORDS[lang]

    def text_of(value):
        # The report is in the workshop's language: each text in it, where written so.
        return pick_language(value, lang, workshop.language)[0] if isinstance(value, dict) \
            else (value or "")

    personas = {p["id"]: p for p in _views("persona", workshop_id, viewer)}

    def persona_name(p):
        fields = p.get("fields") or {}
        return _loc(fields.get("name") or fields.get("segment"), lang)

    def names_of(ids):
        return [persona_name(personas[i]) for i in ids or [] if i in personas]

    members = {m["id"]: m for m in _views("member", workshop_id, viewer)}
    groups = {g["id"]: g["name"] for g in _views("group", workshop_id, viewer)}
    questions = _views("hmw", workshop_id, viewer)
    ideas = _views("idea", workshop_id, viewer)
    idea_text = {i["id"]: i["text"] for i in ideas}
    idea_question = {i["id"]: i["hmw_id"] for i in ideas}
    clusters = _views("idea_cluster", workshop_id, viewer)
    concepts = _views("concept", workshop_id, viewer)
    concept_by_id = {c["id"]: c for c in concepts}
    challenges = _views("challenge", workshop_id, viewer)
    notes = _views("challenge_note", workshop_id, viewer)
    pilot_views = _views("pilot", workshop_id, viewer)

    people = [m for m in members.values() if m["role"] == "participant" and not m["removed"]]
    data = {
        "lang": lang, "words": w, "name": workshop.name,
        "description": workshop.description, "made": format_day(date.today(), lang),
        "sessions": [{"title": text_of(s.get("title")), "phases": len(s.get("phases") or [])}
                     for s in _views("session", workshop_id, viewer)],
        "personas": [], "challenges": [], "ideas": [], "concepts": [], "votes": [],
        "pilots": [], "open": [], "programme_progress": None,
    }
    data["summary"] = w["summary"].format(
        people=len(people), orgs=len(organisations(m["organisation"] for m in people)),
        ideas=len(ideas), concepts=len(concepts), pilots=len(pilot_views))

    for p in personas.values():
        fields = p.get("fields") or {}
        kind = p["kind"] if p["kind"] in PERSONA_FIELDS else "persona"
        data["personas"].append({
            "name": persona_name(p), "kind": w["kinds"][kind],
            "fields": [(w["fields"][f], _loc(fields.get(f), lang).strip())
                       for f in PERSONA_FIELDS[kind] if _loc(fields.get(f), lang).strip()]})

    for challenge in challenges:
        mine = [n for n in notes if n["challenge_id"] == challenge["id"]]
        data["challenges"].append({
            "group": groups.get(challenge["group_id"], ""),
            "statement": challenge["statement"],
            "importance": (challenge.get("importance") or {}).get("mean"),
            "personas": names_of(challenge.get("persona_ids")),
            "answers": [(w["canvas_questions"][q], [n["body"] for n in mine
                                                    if n["question"] == q])
                        for q in CANVAS_QUESTIONS if any(n["question"] == q for n in mine)],
            "questions": [text_of(q["text"]) for q in questions
                          if q["challenge_id"] == challenge["id"]]})

    for question in questions:
        mine = [i for i in ideas if i["hmw_id"] == question["id"] and not i["duplicate_of_id"]]
        if not mine:
            continue
        own = [c for c in clusters if c["hmw_id"] == question["id"]]
        data["ideas"].append({"question": text_of(question["text"]), "groups": [
            {"name": c["name"] or "-", "ideas": [(i["text"], i["plus_count"]) for i in mine
                                                 if i["cluster_id"] == c["id"]]} for c in own] + [
            {"name": w["ungrouped"], "ideas": [
                (i["text"], i["plus_count"]) for i in mine
                if i["cluster_id"] not in {c["id"] for c in own}]}]})

    for concept in concepts:
        data["concepts"].append({
            "name": concept["name"], "stage": w["stages"].get(concept["stage"], ""),
            "texts": [(w["texts"][key], concept.get(key) or "") for key in CONCEPT_TEXTS
                      if (concept.get(key) or "").strip()],
            "personas": names_of(concept.get("persona_ids"))})

    for round_ in _views("vote_round", workshop_id, viewer):
        if round_.get("results") is None or round_.get("status") == "draft":
            continue  # hidden results stay hidden; a draft has none yet
        data["votes"].append({"title": round_.get("title") or "", "rows": [
            {"item": concept_by_id[r["item_id"]]["name"] if r["item_id"] in concept_by_id
             else idea_text.get(r["item_id"], ""), "count": r["count"], "rank": r["rank"],
             "tie": r["tie"], "chosen": r["item_id"] in (round_.get("chosen_ids") or [])}
            for r in round_["results"]]})

    team = _views("pilot_member", workshop_id, viewer)
    statuses = _views("pilot_status", workshop_id, viewer)
    measures = _views("pilot_measure", workshop_id, viewer)
    milestones = _views("pilot_milestone", workshop_id, viewer)
    updates = sorted(_views("pilot_update", workshop_id, viewer),
                     key=lambda u: (u["happened_on"] or "", u["created_at"] or 0))
    for pilot in pilot_views:
        concept = concept_by_id.get(pilot["concept_id"])
        pid = pilot["id"]
        mine_updates = [u for u in updates if u["pilot_id"] == pid]
        timeline = [{"day": _day_of(s["at"]), "kind": "status",
                     "status": w["statuses"].get(s["status"], s["status"]), "note": s["note"]}
                    for s in statuses if s["pilot_id"] == pid]
        for update in mine_updates:
            texts = [(key, w["update_texts"][key], update.get(key) or "")
                     for key in UPDATE_TEXTS if (update.get(key) or "").strip()]
            # An update's blockers and help needed stay open until someone resolves them.
            troubles = [(label, text) for key, label, text in texts
                        if key in ("blockers", "help_needed")]
            timeline.append({"day": _iso(update["happened_on"]), "kind": "update",
                             "texts": [(label, text) for _k, label, text in texts],
                             "troubles": troubles,
                             "open": bool(troubles) and not update["resolved_at"],
                             "resolved": _day_of(update["resolved_at"]) if troubles else None})
        timeline.sort(key=lambda e: (e["day"] or date.min, e["kind"] != "status"))
        name = concept["name"] if concept else ""
        for entry in timeline:
            if entry["kind"] == "update" and entry["open"]:
                data["open"].append({"pilot": name, "day": entry["day"],
                                     "texts": entry["troubles"]})
        values: dict[str, list] = {}
        for update in mine_updates:
            for value in update.get("values") or []:
                values.setdefault(value["measure_id"], []).append(
                    (_iso(value["measured_on"]) or _iso(update["happened_on"]), value["value"]))
        # A concept may gather ideas of several questions (and so of several challenges):
        # the chain names each, in the order of the concept's ideas.
        question_ids = list(dict.fromkeys(
            [*(idea_question[i] for i in (concept.get("idea_ids") or []) if i in idea_question),
             concept["hmw_id"]])) if concept else []
        chain_questions = [q for i in question_ids for q in questions if q["id"] == i]
        challenge_ids = list(dict.fromkeys(
            [*(q["challenge_id"] for q in chain_questions if q.get("challenge_id")),
             *([concept["challenge_id"]] if concept and concept.get("challenge_id") else [])]))
        chain_challenges = [c for i in challenge_ids for c in challenges if c["id"] == i]
        chain_personas = list(dict.fromkeys(
            [*(pilot.get("persona_ids") or []),
             *((concept.get("persona_ids") or []) if concept else [])]))
        data["pilots"].append({
            "name": name, "status": w["statuses"].get(pilot["status"], pilot["status"]),
            "progress": pilot.get("progress"),
            "starts_on": _iso(pilot.get("starts_on")), "ends_on": _iso(pilot.get("ends_on")),
            "hypothesis": pilot["hypothesis"],
            "team": sum(1 for t in team if t["pilot_id"] == pid),
            "organisations": organisations(
                members[t["member_id"]]["organisation"] for t in team
                if t["pilot_id"] == pid and t["member_id"] in members),
            "updates": len(mine_updates),
            "milestones": [{"title": m["title"], "due_on": _iso(m["due_on"]),
                            "done_on": _iso(m["done_on"])}
                           for m in milestones if m["pilot_id"] == pid],
            "timeline": timeline,
            "measures": [{"name": m["name"], "unit": m["unit"], "baseline": m["baseline"],
                          "target": m["target"], "points": sorted(values.get(m["id"], []))}
                         for m in measures if m["pilot_id"] == pid],
            "chain": [name,
                      "; ".join(idea_text[i] for i in (concept.get("idea_ids") or [])
                                if i in idea_text) if concept else "",
                      "; ".join(text_of(q["text"]) for q in chain_questions),
                      "; ".join(c["statement"] for c in chain_challenges),
                      ", ".join(names_of(chain_personas))]})
    rollup = getattr(pilot_service, "programme_progress", None)
    if rollup is not None and pilot_views:
        shown = {p["id"] for p in pilot_views}
        data["programme_progress"] = rollup(
            [p for p in db.session.scalars(ENTITIES["pilot"].rows(workshop_id))
             if isinstance(p, Pilot) and p.id in shown])
    return data


def _num(value) -> str:
    if value is None:
        return "-"
    return f"{value:g}".replace(".", ",")


def _short_day(day: date | None, lang: str) -> str:
    """A day without its year, for a chart's axis: 1.11. / 1 nov. / Nov 1."""
    if day is None:
        return ""
    return format_skeleton("MMMd" if lang != "fi" else "dM", day, locale=babel_locale(lang))


def _dates(p, lang) -> str:
    if not p["starts_on"] and not p["ends_on"]:
        return ""
    return f"{format_day(p['starts_on'], lang)} – {format_day(p['ends_on'], lang)}"


# -- Markdown ------------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    """People's text stays text: characters Markdown would act on are escaped."""
    text = str(text or "")
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.splitlines())


def to_markdown(data: dict) -> str:
    """The report as Markdown."""
    w, e, lang = data["words"], _md_escape, data["lang"]
    out = [f"# {e(data['name'])}", "", f"*{w['report']} · {w['created']} {data['made']}*", "",
           w["reader"], ""]
    if data["description"]:
        out += [e(data["description"]), ""]
    out += [f"**{e(data['summary'])}**", "", f"## {w['sessions']}", ""]
    out += [f"- {e(s['title'])} ({s['phases']} {w['phases']})" for s in data["sessions"]] or \
        [w["none"]]
    out += ["", f"## {w['personas']}", ""]
    for p in data["personas"]:
        out += [f"### {e(p['name'])}", "", f"*{p['kind']}*", ""]
        for label, text in p["fields"]:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if len(lines) > 1:
                out += [f"**{label}**", ""] + [f"- {e(line)}" for line in lines] + [""]
            else:
                out += [f"**{label}:** {e(text)}", ""]
    if not data["personas"]:
        out += [w["none"], ""]
    out += [f"## {w['challenges']}", ""]
    for c in data["challenges"]:
        out += [f"### {e(c['group'] or '-')}", "", f"**{w['statement']}:** "
                f"{e(c['statement']) or w['none']}", ""]
        if c["importance"] is not None:
            out += [f"{w['importance']}: {_num(c['importance'])}", ""]
        if c["personas"]:
            out += [f"{w['for_personas']}: {e(', '.join(c['personas']))}", ""]
        if c["answers"]:
            out += [f"#### {w['canvas']}", ""]
            for question, bodies in c["answers"]:
                out += [f"**{question}**", ""] + [f"- {e(b)}" for b in bodies] + [""]
        if c["questions"]:
            out += [f"#### {w['questions']}", ""] + [f"- {e(q)}" for q in c["questions"]] + [""]
    out += [f"## {w['ideas']}", ""]
    for block in data["ideas"]:
        out += [f"### {e(block['question'])}", ""]
        for group in block["groups"]:
            if group["ideas"]:
                out += [f"**{e(group['name'])}**", ""]
                out += [f"- {e(text)}" + (f" (+{plus})" if plus else "")
                        for text, plus in group["ideas"]] + [""]
    out += [f"## {w['concepts']}", ""]
    for c in data["concepts"]:
        out += [f"### {e(c['name'])}", "", f"{w['stage']}: {c['stage']}", ""]
        out += [f"- **{label}:** {e(text)}" for label, text in c["texts"]]
        if c["personas"]:
            out += [f"- **{w['for_personas']}:** {e(', '.join(c['personas']))}"]
        out += [""]
    out += [f"## {w['votes']}", ""]
    for vote in data["votes"]:
        out += [f"### {e(vote['title'] or w['votes'])}", "",
                f"| {w['place']} | {w['item']} | {w['dots']} | |", "|---|---|---:|---|"]
        top = max([r["count"] for r in vote["rows"]] + [1])
        for r in vote["rows"]:
            bar = "█" * round(20 * r["count"] / top)
            marks = ", ".join(m for m, on in ((w["tie"], r["tie"]), (w["chosen"], r["chosen"]))
                              if on)
            out.append(f"| {r['rank']}{'=' if r['tie'] else ''} | {e(r['item'])} | "
                       f"{r['count']} | {bar} {marks} |")
        out += [""]
    out += [f"## {w['pilots']}", ""]
    if data["programme_progress"] is not None:
        out += [f"**{w['programme']}: {data['programme_progress']} %**", ""]
    out += [f"### {w['open']}", ""]
    for item in data["open"]:
        out += [f"- **{e(item['pilot'])}**, {format_day(item['day'], lang)}: " + " · ".join(
            f"{label}: {e(text)}" for label, text in item["texts"])]
    out += [w["no_open"]] if not data["open"] else []
    out += [""]
    for p in data["pilots"]:
        head = f"{w['status']}: {p['status']}"
        if p["progress"] is not None:
            head += f" · {w['progress']}: {p['progress']} %"
        head += f" · {w['team']}: {p['team']} · {p['updates']} {w['updates']}"
        out += [f"### {e(p['name'])}", "", head, ""]
        if _dates(p, lang):
            out += [f"{w['dates']}: {_dates(p, lang)}", ""]
        if p["organisations"]:
            out += [f"{w['organisations']}: {e(', '.join(p['organisations']))}", ""]
        if p["hypothesis"]:
            out += [f"{w['hypothesis']}: {e(p['hypothesis'])}", ""]
        if p["milestones"]:
            out += [f"#### {w['milestones']}", ""]
            for m in p["milestones"]:
                when = (f"{w['done']} {format_day(m['done_on'], lang)}" if m["done_on"]
                        else w["not_done"])
                if m["due_on"]:
                    when += f", {w['due']} {format_day(m['due_on'], lang)}"
                out.append(f"- [{'x' if m['done_on'] else ' '}] {e(m['title'])} ({when})")
            out += [""]
        if p["timeline"]:
            out += [f"#### {w['timeline']}", ""]
        for entry in p["timeline"]:
            day = format_day(entry["day"], lang)
            if entry["kind"] == "status":
                out += [f"- **{day}** {w['status_change']}: {entry['status']}"
                        + (f" – {e(entry['note'])}" if entry["note"] else "")]
                continue
            state = ""
            if entry["open"]:
                state = f" ({w['still_open']})"
            elif entry["resolved"]:
                state = f" ({w['resolved']} {format_day(entry['resolved'], lang)})"
            out += [f"- **{day}** {w['update']}{state}"]
            out += [f"    - {label}: {e(text)}" for label, text in entry["texts"]]
        if p["timeline"]:
            out += [""]
        for m in p["measures"]:
            latest = m["points"][-1][1] if m["points"] else None
            out += [f"#### {e(m['name'])}" + (f" ({e(m['unit'])})" if m["unit"] else ""), "",
                    f"{w['baseline']} {_num(m['baseline'])} · {w['latest']} {_num(latest)} · "
                    f"{w['target']} {_num(m['target'])}", ""]
            if m["points"]:
                out += [f"| {w['date']} | {w['values']} |", "|---|---:|"]
                out += [f"| {format_day(day, lang)} | {_num(value)} |"
                        for day, value in m["points"]] + [""]
        out += [f"**{w['chain']}**", ""]
        out += [f"- {label}: {e(step) or '-'}" for label, step in zip(w["chain_steps"],
                                                                       p["chain"], strict=True)]
        out += [""]
    return "\n".join(out).rstrip() + "\n"


# -- PDF ------------------------------------------------------------------------------------------

FONT = "OpenSans"
INK, MUTED, ACCENT, GOOD, GRID = (33, 37, 41), (95, 99, 104), (11, 95, 115), (31, 107, 58), \
    (205, 208, 212)


@lru_cache(maxsize=1)
def _font_files() -> dict[str, str]:
    import ttf_opensans

    return {"": str(ttf_opensans.OPENSANS_REGULAR.path),
            "B": str(ttf_opensans.OPENSANS_BOLD.path),
            "I": str(ttf_opensans.OPENSANS_ITALIC.path),
            "BI": str(ttf_opensans.OPENSANS_BOLDITALIC.path)}


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The characters the typeface draws (every style has the same set)."""
    from fontTools.ttLib import TTFont

    with TTFont(_font_files()[""], lazy=True) as font:
        return frozenset(font.getBestCmap())


def _drawable(text) -> str:
    """``text`` with each character the typeface cannot draw (emoji, scripts it lacks) as
    U+FFFD, which it can: the reader sees that something stood there, rather than a gap."""
    covered = _covered()
    return "".join(c if ord(c) in covered or c in "\n\t" else "\ufffd" for c in str(text or ""))


def to_pdf(data: dict) -> bytes:
    """The report as an A4 PDF, its typeface embedded."""
    from fpdf import FPDF

    w, lang = data["words"], data["lang"]

    class Report(FPDF):
        def footer(self):
            self.set_y(-12)
            self.set_font(FONT, "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, _drawable(data["name"])[:80], align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, w["page"].format(n=self.page_no(), total="{nb}"), align="R")
            self.set_text_color(*INK)

    pdf = Report(format="A4")
    for style, path in _font_files().items():
        pdf.add_font(FONT, style, path)
    pdf.set_title(_drawable(data["name"]))
    pdf.set_lang(lang)
    pdf.set_creator("Paja")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    left = pdf.l_margin

    def room(height):
        """Start a new page unless ``height`` mm still fit on this one (headings and the
        first lines under them stay together)."""
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()

    def heading(text, size=15, keep=28):
        room(keep)
        pdf.ln(3 if size < 15 else 5)
        pdf.set_font(FONT, "B", size)
        pdf.set_text_color(*ACCENT if size >= 15 else INK)
        pdf.multi_cell(width, size * 0.45, _drawable(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(1.5)

    def para(text, size=10, style="", indent=0.0, color=INK, gap=0.0):
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.set_x(left + indent)
        pdf.multi_cell(width - indent, size * 0.48, _drawable(text), new_x="LMARGIN",
                       new_y="NEXT", align="L")
        pdf.set_text_color(*INK)
        if gap:
            pdf.ln(gap)

    def field(label, text, size=9.5, indent=0.0):
        """A bold label and its text flowing after it, wrapped at ``indent``."""
        room(size * 0.5 * 2)
        pdf.set_left_margin(left + indent)
        pdf.set_x(left + indent)
        pdf.set_font(FONT, "B", size)
        pdf.write(size * 0.48, _drawable(f"{label}: "))
        pdf.set_font(FONT, "", size)
        pdf.write(size * 0.48, _drawable(" ".join(str(text).splitlines())))
        pdf.ln(size * 0.48 + 0.8)
        pdf.set_left_margin(left)

    def bullets(lines, size=9.5, indent=4.0):
        for line in lines:
            room(size * 0.5)
            pdf.set_font(FONT, "", size)
            pdf.set_x(left + indent)
            pdf.cell(3.5, size * 0.48, "•")
            pdf.multi_cell(width - indent - 3.5, size * 0.48, _drawable(line),
                           new_x="LMARGIN", new_y="NEXT")

    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(width, 10, _drawable(data["name"]), new_x="LMARGIN", new_y="NEXT")
    para(f"{w['report']} · {w['created']} {data['made']}", 9, "I", color=MUTED)
    para(w["reader"], 9, "I", color=MUTED, gap=2)
    if data["description"]:
        para(data["description"], gap=2)
    para(data["summary"], 10.5, "B", gap=1)

    heading(w["sessions"])
    bullets([f"{s['title']} ({s['phases']} {w['phases']})" for s in data["sessions"]]
            or [w["none"]])

    heading(w["personas"], keep=60)
    for p in data["personas"]:
        heading(p["name"], 12, keep=35)
        para(p["kind"], 8.5, "I", color=MUTED, gap=1)
        for label, text in p["fields"]:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if len(lines) > 1:
                room(12)
                pdf.ln(0.6)
                para(label, 9.5, "B")
                bullets(lines, 9.5)
            else:
                field(label, text)
    if not data["personas"]:
        para(w["none"])

    heading(w["challenges"], keep=60)
    for c in data["challenges"]:
        heading(c["group"] or "-", 12, keep=35)
        field(w["statement"], c["statement"] or w["none"])
        if c["importance"] is not None:
            field(w["importance"], _num(c["importance"]))
        if c["personas"]:
            field(w["for_personas"], ", ".join(c["personas"]))
        if c["answers"]:
            room(20)
            para(w["canvas"], 10.5, "B", gap=0.5)
            for question, bodies in c["answers"]:
                room(12)
                para(question, 9.5, "BI", color=MUTED)
                bullets(bodies)
                pdf.ln(0.8)
        if c["questions"]:
            room(14)
            para(w["questions"], 10.5, "B", gap=0.5)
            bullets(c["questions"])

    heading(w["ideas"], keep=50)
    for block in data["ideas"]:
        heading(block["question"], 11.5, keep=25)
        for group in block["groups"]:
            if group["ideas"]:
                room(12)
                para(group["name"], 10, "B")
                bullets([text + (f" (+{plus})" if plus else "") for text, plus in group["ideas"]])
                pdf.ln(1)

    def card(c):
        # A concept card is short: kept whole on one page where it fits on one.
        return min(120, 22 + 5.5 * len(c["texts"]))

    heading(w["concepts"], keep=14 + (card(data["concepts"][0]) if data["concepts"] else 0))
    for c in data["concepts"]:
        heading(c["name"], 12, keep=card(c))
        para(f"{w['stage']}: {c['stage']}", 8.5, "I", color=MUTED, gap=1)
        for label, text in c["texts"]:
            field(label, text)
        if c["personas"]:
            field(w["for_personas"], ", ".join(c["personas"]))

    heading(w["votes"], keep=45)
    for vote in data["votes"]:
        heading(vote["title"] or w["votes"], 12, keep=20)
        _vote_chart(pdf, vote, width, w)

    heading(w["pilots"])
    if data["programme_progress"] is not None:
        room(12)
        para(f"{w['programme']}: {data['programme_progress']} %", 10.5, "B")
        _progress_bar(pdf, left, pdf.get_y() + 1, width, data["programme_progress"])
        pdf.ln(6)
    room(16)
    para(w["open"], 11.5, "B", gap=0.5)
    for item in data["open"]:
        room(10)
        para(f"{item['pilot']} · {format_day(item['day'], lang)}", 9.5, "B")
        for label, text in item["texts"]:
            field(label, text, 9, indent=4)
    if not data["open"]:
        para(w["no_open"], 9.5)
    for p in data["pilots"]:
        pdf.add_page()  # each pilot from the top of a page: teams print their own
        heading(p["name"], 15, keep=40)
        head = f"{w['status']}: {p['status']} · {w['team']}: {p['team']} · " \
               f"{p['updates']} {w['updates']}"
        para(head, 9.5, color=MUTED)
        if _dates(p, lang):
            para(f"{w['dates']}: {_dates(p, lang)}", 9.5, color=MUTED)
        if p["progress"] is not None:
            para(f"{w['progress']}: {p['progress']} %", 9.5, "B")
            _progress_bar(pdf, left, pdf.get_y() + 0.5, min(width, 80), p["progress"])
            pdf.ln(5)
        pdf.ln(1)
        if p["organisations"]:
            field(w["organisations"], ", ".join(p["organisations"]))
        if p["hypothesis"]:
            field(w["hypothesis"], p["hypothesis"])
        if p["milestones"]:
            room(16)
            para(w["milestones"], 11, "B", gap=0.5)
            for m in p["milestones"]:
                room(6)
                y = pdf.get_y()
                pdf.set_draw_color(*INK)
                pdf.set_fill_color(*GOOD)
                pdf.rect(left + 1, y + 0.9, 3, 3, style="DF" if m["done_on"] else "D")
                when = (f"{w['done']} {format_day(m['done_on'], lang)}" if m["done_on"]
                        else w["not_done"])
                if m["due_on"]:
                    when += f", {w['due']} {format_day(m['due_on'], lang)}"
                pdf.set_xy(left + 6, y)
                pdf.set_font(FONT, "", 9.5)
                pdf.multi_cell(width - 6, 4.6, _drawable(f"{m['title']} ({when})"),
                               new_x="LMARGIN", new_y="NEXT")
        if p["timeline"]:
            heading(w["timeline"], 11, keep=24)
        for entry in p["timeline"]:
            day = format_day(entry["day"], lang)
            if entry["kind"] == "status":
                room(10)
                para(f"{day} · {w['status_change']}: {entry['status']}"
                     + (f" – {entry['note']}" if entry["note"] else ""), 9.5, "B", color=ACCENT,
                     gap=0.8)
                continue
            state = ""
            if entry["open"]:
                state = f" ({w['still_open']})"
            elif entry["resolved"]:
                state = f" ({w['resolved']} {format_day(entry['resolved'], lang)})"
            room(18)
            para(f"{day} · {w['update']}{state}", 9.5, "B")
            for label, text in entry["texts"]:
                field(label, text, 9, indent=4)
            pdf.ln(1)
        if p["measures"]:
            heading(w["measures"], 11, keep=70)
        for m in p["measures"]:
            _measure_chart(pdf, m, width, w, lang)
        room(30)
        para(w["chain"], 11, "B", gap=0.5)
        for label, step in zip(w["chain_steps"], p["chain"], strict=True):
            field(label, step or "-", 9, indent=0)
    return bytes(pdf.output())


def _progress_bar(pdf, x, y, width, percent) -> None:
    pdf.set_draw_color(*GRID)
    pdf.set_fill_color(236, 238, 240)
    pdf.rect(x, y, width, 3, style="DF")
    pdf.set_fill_color(*GOOD)
    if percent:
        pdf.rect(x, y, width * max(0, min(100, percent)) / 100, 3, style="F")


def _fit(pdf, text, width) -> str:
    """``text`` cut with an ellipsis so that it fits in ``width`` mm."""
    text = _drawable(text).replace("\n", " ")
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _vote_chart(pdf, vote, width, w) -> None:
    """A horizontal bar per item, longest first, the chosen ones in green."""
    top = max([r["count"] for r in vote["rows"]] + [1])
    label_w, count_w = 72, 28
    bar_w = width - label_w - count_w - 2
    for r in vote["rows"]:
        if pdf.get_y() + 6 > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FONT, "", 9)
        pdf.set_x(pdf.l_margin)
        pdf.cell(label_w, 6, _fit(pdf, f"{r['rank']}{'=' if r['tie'] else ''}. {r['item']}",
                                  label_w - 2))
        pdf.set_fill_color(*(GOOD if r["chosen"] else ACCENT))
        pdf.rect(pdf.l_margin + label_w, y + 1.2, max(0.5, bar_w * r["count"] / top), 3.6,
                 style="F")
        pdf.set_xy(pdf.l_margin + label_w + bar_w + 2, y)
        marks = ", ".join(m for m, on in ((w["tie"], r["tie"]), (w["chosen"], r["chosen"]))
                          if on)
        pdf.cell(count_w, 6, _drawable(f"{r['count']} {marks}".strip()), new_x="LMARGIN",
                 new_y="NEXT")
    pdf.ln(2)


def _ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round values for an axis from ``low`` to ``high`` (at most ``most`` + 1 of them)."""
    span = high - low
    raw = span / most
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(n * step, 10) for n in range(first, last + 1)]


def _measure_chart(pdf, measure, width, w, lang) -> None:
    """A measure's values over time as a line on a dated axis, with the y axis's values and
    unit, the target as a dashed green line, the baseline as a dotted grey one, and a legend
    naming the three."""
    height, axis_w, title_h, legend_h, foot_h = 42, 14, 10, 6, 7
    if pdf.get_y() + title_h + height + foot_h + legend_h > pdf.page_break_trigger:
        pdf.add_page()
    left = pdf.l_margin
    pdf.set_font(FONT, "B", 10)
    title = measure["name"] + (f" ({measure['unit']})" if measure["unit"] else "")
    pdf.cell(width, title_h - 1, _fit(pdf, title, width), new_x="LMARGIN", new_y="NEXT")
    points = measure["points"]
    if not points:
        pdf.set_font(FONT, "I", 9)
        pdf.cell(width, 5, _drawable(
            f"{w['none']} {w['baseline']} {_num(measure['baseline'])}, "
            f"{w['target']} {_num(measure['target'])}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        return
    x0, y0 = left + axis_w, pdf.get_y() + 6
    plot_w, plot_h = width - axis_w - 4, height
    values = [v for _d, v in points] + [v for v in (measure["target"], measure["baseline"])
                                        if v is not None]
    low, high = min(0, *values), max(values)
    if high == low:
        high = low + 1
    ticks = _ticks(low, high)
    low, high = ticks[0], ticks[-1]

    def y(value):
        return y0 + plot_h - (value - low) / (high - low) * plot_h

    first, last = points[0][0], points[-1][0]
    days = max(1, (last - first).days)

    def x(day):
        if first == last:
            return x0 + plot_w / 2
        return x0 + 3 + (day - first).days / days * (plot_w - 6)

    # Grid and y axis, its values with the unit.
    pdf.set_font(FONT, "", 7)
    pdf.set_line_width(0.15)
    for tick in ticks:
        pdf.set_draw_color(*GRID)
        pdf.line(x0, y(tick), x0 + plot_w, y(tick))
        pdf.set_text_color(*MUTED)
        label = _num(tick)
        pdf.set_xy(left, y(tick) - 2)
        pdf.cell(axis_w - 1.5, 4, label, align="R")
    if measure["unit"]:
        pdf.set_text_color(*MUTED)
        pdf.set_xy(left, y0 - 5.5)
        pdf.cell(60, 3.5, _fit(pdf, measure["unit"], 60))
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.3)
    pdf.line(x0, y0, x0, y0 + plot_h)
    pdf.line(x0, y0 + plot_h, x0 + plot_w, y0 + plot_h)
    # The x axis: each measuring day while they fit, else an even spread of them.
    shown = points if len(points) <= 8 else [points[round(i * (len(points) - 1) / 7)]
                                             for i in range(8)]
    for day, _value in dict.fromkeys((d, None) for d, _v in shown):
        pdf.line(x(day), y0 + plot_h, x(day), y0 + plot_h + 1)
        pdf.set_xy(x(day) - 10, y0 + plot_h + 1.2)
        pdf.cell(20, 3.5, _short_day(day, lang), align="C")
    pdf.set_text_color(*INK)
    # Baseline and target.
    if measure["baseline"] is not None:
        pdf.set_draw_color(*MUTED)
        pdf.set_line_width(0.35)
        pdf.set_dash_pattern(dash=0.6, gap=1)
        pdf.line(x0, y(measure["baseline"]), x0 + plot_w, y(measure["baseline"]))
    if measure["target"] is not None:
        pdf.set_draw_color(*GOOD)
        pdf.set_line_width(0.5)
        pdf.set_dash_pattern(dash=2.5, gap=1.5)
        pdf.line(x0, y(measure["target"]), x0 + plot_w, y(measure["target"]))
    pdf.set_dash_pattern()
    # The values.
    pdf.set_draw_color(*ACCENT)
    pdf.set_fill_color(*ACCENT)
    pdf.set_line_width(0.6)
    for (d1, v1), (d2, v2) in zip(points, points[1:], strict=False):
        pdf.line(x(d1), y(v1), x(d2), y(v2))
    for day, value in points:
        pdf.circle(x=x(day), y=y(value), radius=0.9, style="F")
    pdf.set_line_width(0.2)
    # The legend.
    ly = y0 + plot_h + foot_h
    lx = x0
    pdf.set_font(FONT, "", 7.5)
    latest = points[-1][1]
    items = [(ACCENT, None, 0.6, f"{measure['name']} ({w['latest']} {_num(latest)})")]
    if measure["target"] is not None:
        items.append((GOOD, (2.5, 1.5), 0.5, f"{w['target']} {_num(measure['target'])}"))
    if measure["baseline"] is not None:
        items.append((MUTED, (0.6, 1), 0.35, f"{w['baseline']} {_num(measure['baseline'])}"))
    for color, dash, line_w, label in items:
        pdf.set_draw_color(*color)
        pdf.set_line_width(line_w)
        if dash:
            pdf.set_dash_pattern(dash=dash[0], gap=dash[1])
        pdf.line(lx, ly + 2, lx + 8, ly + 2)
        pdf.set_dash_pattern()
        label = _fit(pdf, label, 60)
        pdf.set_xy(lx + 9.5, ly)
        pdf.cell(pdf.get_string_width(label) + 1, 4, label)
        lx += 9.5 + pdf.get_string_width(label) + 6
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*INK)
    pdf.set_y(ly + legend_h + 2)
