"""The workshop report, in Markdown and PDF, in the workshop's language: its sessions,
personas, challenges and questions, ideas by group, concepts, the vote results (a chart),
the pilots with their measures drawn against targets, and the chain from each pilot back
to its personas. What it shows is what the entity views give its reader (a facilitator):
a round's results only once they show, ideas without authors; no task answer is quoted.

The PDF is drawn with fpdf2 (pure Python, installed by pip) in its built-in Helvetica, so
no system fonts are needed; characters outside Latin-1 (typographic quotes, dashes, emoji)
are replaced by their plain look-alikes.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..events.entities import ENTITIES, FACILITATOR_EXPORT, Viewer
from ..extensions import db
from ..formatting import format_day
from ..schemas import pick_language

WORDS = {
    "fi": {"report": "Työpajaraportti", "sessions": "Tapaamiset ja teemat",
           "personas": "Persoonat ja asiakasprofiilit", "challenges": "Haasteet ja kysymykset",
           "importance": "Tärkeys (ka.)", "questions": "Miten voisimme -kysymykset",
           "ideas": "Ideat ryhmittäin", "ungrouped": "Ryhmittelemättä", "concepts": "Konseptit",
           "stage": "Vaihe", "need": "Tarve", "what": "Mitä se on",
           "first_try": "Ensimmäinen kokeilu",
           "takes": "Mitä se vaatii", "votes": "Äänestyksen tulokset", "place": "Sija",
           "item": "Kohde", "dots": "Pisteet", "chosen": "valittu", "tie": "tasapeli",
           "pilots": "Pilotit", "status": "Tila", "team": "Tiimi", "hypothesis": "Hypoteesi",
           "measures": "Mittarit", "baseline": "lähtötaso", "target": "tavoite",
           "latest": "viimeisin", "chain": "Pilotista persooniin", "none": "Ei vielä.",
           "created": "Laadittu", "phases": "vaihetta", "updates": "päivitystä",
           "organisations": "Organisaatiot",
           "summary": "{people} osallistujaa {orgs} organisaatiosta · {ideas} ideaa · "
                      "{concepts} konseptia · {pilots} pilottia",
           "stages": {"draft": "luonnos", "refined": "viimeistelty", "selected": "valittu",
                      "piloting": "pilotissa", "dropped": "hylätty"},
           "statuses": {"planned": "suunnitteilla", "running": "käynnissä", "paused": "tauolla",
                        "done": "valmis", "stopped": "lopetettu"}},
    "en": {"report": "Workshop report", "sessions": "Meetings and themes",
           "personas": "Personas and customer profiles", "challenges": "Challenges and questions",
           "importance": "Importance (mean)", "questions": "How-might-we questions",
           "ideas": "Ideas by group", "ungrouped": "Not grouped", "concepts": "Concepts",
           "stage": "Stage", "need": "Need", "what": "What it is", "first_try": "First try",
           "takes": "What it takes", "votes": "Vote results", "place": "Place",
           "item": "Item", "dots": "Dots", "chosen": "chosen", "tie": "tie",
           "pilots": "Pilots", "status": "Status", "team": "Team", "hypothesis": "Hypothesis",
           "measures": "Measures", "baseline": "baseline", "target": "target",
           "latest": "latest", "chain": "From pilot to personas", "none": "None yet.",
           "created": "Made", "phases": "phases", "updates": "updates",
           "organisations": "Organisations",
           "summary": "{people} participants from {orgs} organisations · {ideas} ideas · "
                      "{concepts} concepts · {pilots} pilots",
           "stages": {"draft": "draft", "refined": "refined", "selected": "selected",
                      "piloting": "piloting", "dropped": "dropped"},
           "statuses": {"planned": "planned", "running": "running", "paused": "paused",
                        "done": "done", "stopped": "stopped"}},
}


def _loc(value, lang):
    if isinstance(value, dict):
        return value.get(lang) or value.get("fi") or value.get("en") or ""
    return value or ""


def report_data(workshop_id: str, viewer: Viewer = FACILITATOR_EXPORT) -> dict:
    """Everything the report shows ``viewer``, gathered once for both formats; what the views
    hide from ``viewer`` is asked of the entity kinds, never decided here."""
    from ..challenges.models import Challenge, HowMightWe
    from ..concepts.models import Concept
    from ..groups.models import Group
    from ..ideas.models import Idea, IdeaCluster
    from ..members.models import Member
    from ..personas.models import Persona
    from ..pilots.models import Measure, MeasureValue, Pilot, PilotMember, PilotUpdate
    from ..sessions.models import WorkshopSession
    from ..voting.models import VoteRound
    from ..workshops.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    lang = workshop.language if workshop.language in WORDS else "fi"
    where = lambda model: select(model).where(model.workshop_id == workshop_id)  # noqa: E731
    personas = {p.id: p for p in db.session.scalars(where(Persona).order_by(Persona.position))}

    def question_text(question):
        # The report is in the workshop's language: each question in it, where written so.
        return pick_language(question.text, lang, workshop.language)[0]

    def persona_name(p):
        return _loc(p.fields.get("name") or p.fields.get("segment"), lang)

    groups = dict(db.session.execute(select(Group.id, Group.name)
                                     .where(Group.workshop_id == workshop_id)).all())
    concepts = list(db.session.scalars(where(Concept).order_by(Concept.position)))
    by_id = {c.id: c for c in concepts}
    questions = list(db.session.scalars(where(HowMightWe).order_by(HowMightWe.position)))
    ideas = [idea for idea in db.session.scalars(where(Idea).order_by(Idea.position))
             if ENTITIES["idea"].view(idea, viewer) is not None]
    challenges = list(db.session.scalars(where(Challenge).order_by(Challenge.created_at)))
    members = {m.id: m for m in db.session.scalars(where(Member))}
    data = {
        "lang": lang, "words": WORDS[lang], "name": workshop.name,
        "description": workshop.description, "made": format_day(date.today(), lang),
        "sessions": [{"title": _loc(s.title, lang), "kind": s.kind, "phases": len(s.phases),
                      "opens_on": s.opens_on.isoformat() if s.opens_on else None}
                     for s in db.session.scalars(where(WorkshopSession)
                                                 .order_by(WorkshopSession.position))],
        "personas": [{"name": persona_name(p), "kind": p.kind,
                      "quote": _loc(p.fields.get("quote") or p.fields.get("description"), lang)}
                     for p in personas.values()],
        "challenges": [], "ideas": [], "concepts": [], "votes": [], "pilots": [],
    }
    people = [m for m in members.values() if m.role == "participant" and not m.removed_at]
    data["summary"] = WORDS[lang]["summary"].format(
        people=len(people), orgs=len({m.organisation for m in people if m.organisation}),
        ideas=len(ideas), concepts=len(concepts),
        pilots=db.session.scalar(select(func.count()).select_from(Pilot).where(
            Pilot.workshop_id == workshop_id)))
    for challenge in challenges:
        counts = challenge.ratings or [0] * 5
        total = sum(counts)
        data["challenges"].append({
            "group": groups.get(challenge.group_id, ""), "statement": challenge.statement,
            "importance": round(sum((i + 1) * n for i, n in enumerate(counts)) / total, 1)
            if total else None,
            "personas": [persona_name(personas[i]) for i in challenge.persona_ids or []
                         if i in personas],
            "questions": [question_text(q) for q in questions
                          if q.challenge_id == challenge.id]})
    for question in questions:
        clusters = list(db.session.scalars(select(IdeaCluster).where(
            IdeaCluster.hmw_id == question.id).order_by(IdeaCluster.position)))
        mine = [i for i in ideas if i.hmw_id == question.id and not i.duplicate_of_id]
        if not mine:
            continue
        data["ideas"].append({"question": question_text(question), "groups": [
            {"name": c.name or "-", "ideas": [(i.text, i.plus_count) for i in mine
                                              if i.cluster_id == c.id]} for c in clusters] + [
            {"name": WORDS[lang]["ungrouped"], "ideas": [(i.text, i.plus_count) for i in mine
                                                        if not i.cluster_id]}]})
    for concept in concepts:
        texts = concept.texts or {}
        data["concepts"].append({
            "name": concept.name, "stage": WORDS[lang]["stages"].get(concept.stage, ""),
            "need": texts.get("need", ""), "what": texts.get("what", ""),
            "first_try": texts.get("first_try", ""),
            "takes": "; ".join(t for t in (texts.get("takes_people"), texts.get("takes_devices"),
                                           texts.get("takes_training"),
                                           texts.get("takes_digital")) if t),
            "personas": [persona_name(personas[i]) for i in concept.persona_ids or []
                         if i in personas]})
    idea_text = {i.id: i.text for i in ideas}
    for round_ in db.session.scalars(where(VoteRound).order_by(VoteRound.position)):
        view = ENTITIES["vote_round"].view(round_, viewer)
        if view is None or view["results"] is None or round_.status == "draft":
            continue  # hidden results stay hidden; a draft has none yet
        rows = view["results"]
        data["votes"].append({"title": round_.title, "rows": [
            {"item": by_id[r["item_id"]].name if r["item_id"] in by_id
             else idea_text.get(r["item_id"], ""), "count": r["count"], "rank": r["rank"],
             "tie": r["tie"], "chosen": r["item_id"] in (round_.chosen_ids or [])}
            for r in rows]})
    for pilot in db.session.scalars(where(Pilot).order_by(Pilot.created_at)):
        concept = by_id.get(pilot.concept_id)
        team = [members[m.member_id] for m in db.session.scalars(
            select(PilotMember).where(PilotMember.pilot_id == pilot.id)) if m.member_id in members]
        measures = []
        for measure in db.session.scalars(select(Measure).where(Measure.pilot_id == pilot.id)
                                          .order_by(Measure.position)):
            points = [(v.measured_on.isoformat(), v.value) for v in db.session.scalars(
                select(MeasureValue).where(MeasureValue.measure_id == measure.id)
                .order_by(MeasureValue.measured_on))]
            measures.append({"name": measure.name, "unit": measure.unit,
                             "baseline": measure.baseline, "target": measure.target,
                             "points": points})
        question = next((q for q in questions if concept and q.id == concept.hmw_id), None)
        challenge = next((c for c in challenges if concept and c.id == concept.challenge_id),
                         None)
        chain_personas = list(dict.fromkeys(
            [*(pilot.persona_ids or []), *((concept.persona_ids or []) if concept else [])]))
        data["pilots"].append({
            "name": concept.name if concept else "", "status":
            WORDS[lang]["statuses"].get(pilot.status, pilot.status),
            "hypothesis": pilot.hypothesis, "team": len(team),
            "organisations": sorted({m.organisation for m in team if m.organisation}),
            "updates": db.session.scalar(select(func.count()).select_from(PilotUpdate).where(
                PilotUpdate.pilot_id == pilot.id)),
            "measures": measures,
            "chain": [concept.name if concept else "",
                      "; ".join(idea_text.get(i, "") for i in (concept.idea_ids or [])
                                if i in idea_text) if concept else "",
                      question_text(question) if question else "",
                      challenge.statement if challenge else "",
                      ", ".join(persona_name(personas[i]) for i in chain_personas
                                if i in personas)]})
    return data


# -- Markdown ------------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    """People's text stays text: characters Markdown would act on are escaped."""
    text = str(text or "")
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def to_markdown(data: dict) -> str:
    w, e = data["words"], _md_escape
    out = [f"# {e(data['name'])}", "", f"*{w['report']} · {w['created']} {data['made']}*", ""]
    if data["description"]:
        out += [e(data["description"]), ""]
    out += [f"**{e(data['summary'])}**", "", f"## {w['sessions']}", ""]
    out += [f"- {e(s['title'])} ({s['phases']} {w['phases']})" for s in data["sessions"]] or \
        [w["none"]]
    out += ["", f"## {w['personas']}", ""]
    out += [f"- **{e(p['name'])}**" + (f" – {e(p['quote'])}" if p["quote"] else "")
            for p in data["personas"]] or [w["none"]]
    out += ["", f"## {w['challenges']}", ""]
    for c in data["challenges"]:
        out += [f"### {e(c['group'] or '-')}", "", e(c["statement"]) or w["none"], ""]
        if c["importance"] is not None:
            out += [f"{w['importance']}: {c['importance']}", ""]
        out += [f"- {e(q)}" for q in c["questions"]] + [""]
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
        for key in ("need", "what", "takes", "first_try"):
            if c[key]:
                out += [f"- {w[key]}: {e(c[key])}"]
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
    for p in data["pilots"]:
        out += [f"### {e(p['name'])}", "", f"{w['status']}: {p['status']} · {w['team']}: "
                f"{p['team']} · {p['updates']} {w['updates']}", ""]
        if p["organisations"]:
            out += [f"{w['organisations']}: {e(', '.join(p['organisations']))}", ""]
        if p["hypothesis"]:
            out += [f"{w['hypothesis']}: {e(p['hypothesis'])}", ""]
        for m in p["measures"]:
            latest = m["points"][-1][1] if m["points"] else None
            out.append(f"- {e(m['name'])}: {w['baseline']} {_num(m['baseline'])} → "
                       f"{w['latest']} {_num(latest)} ({w['target']} {_num(m['target'])}) "
                       f"{e(m['unit'])}")
        out += ["", f"{w['chain']}: " + " ← ".join(e(step) or "-" for step in p["chain"]), ""]
    return "\n".join(out).rstrip() + "\n"


def _num(value) -> str:
    if value is None:
        return "-"
    return f"{value:g}".replace(".", ",")


# -- PDF ------------------------------------------------------------------------------------------

_PLAIN = {"“": '"', "”": '"', "„": '"', "’": "'", "‘": "'", "–": "-", "—": "-", "…": "...",
          "→": "->", "←": "<-", "•": "-", "✓": "v", "✔": "v", "\u00a0": " "}


def _latin(text) -> str:
    text = str(text or "")
    for char, plain in _PLAIN.items():
        text = text.replace(char, plain)
    return text.encode("latin-1", "replace").decode("latin-1")


def to_pdf(data: dict) -> bytes:
    from fpdf import FPDF

    w = data["words"]
    pdf = FPDF(format="A4")
    pdf.set_title(_latin(data["name"]))
    pdf.set_creator("Paja")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text, size=15):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, size * 0.5, _latin(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text, size=10, style=""):
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, 5, _latin(text), new_x="LMARGIN", new_y="NEXT")

    heading(data["name"], 20)
    para(f"{w['report']} - {w['created']} {data['made']}", 9, "I")
    if data["description"]:
        para(data["description"])
    para(data["summary"], 10, "B")
    heading(w["sessions"])
    for s in data["sessions"]:
        para(f"- {s['title']} ({s['phases']} {w['phases']})")
    heading(w["personas"])
    for p in data["personas"] or [{"name": w["none"], "quote": ""}]:
        para(p["name"], 10, "B")
        if p["quote"]:
            para(p["quote"], 9, "I")
    heading(w["challenges"])
    for c in data["challenges"]:
        para(c["group"] or "-", 11, "B")
        para(c["statement"] or w["none"])
        if c["importance"] is not None:
            para(f"{w['importance']}: {c['importance']}", 9)
        for q in c["questions"]:
            para(f"- {q}", 9)
    heading(w["ideas"])
    for block in data["ideas"]:
        para(block["question"], 11, "B")
        for group in block["groups"]:
            if group["ideas"]:
                para(group["name"], 10, "B")
                for text, plus in group["ideas"]:
                    para(f"- {text}" + (f" (+{plus})" if plus else ""), 9)
    heading(w["concepts"])
    for c in data["concepts"]:
        para(c["name"], 11, "B")
        para(f"{w['stage']}: {c['stage']}", 9, "I")
        for key in ("need", "what", "takes", "first_try"):
            if c[key]:
                para(f"{w[key]}: {c[key]}", 9)
    heading(w["votes"])
    for vote in data["votes"]:
        para(vote["title"] or w["votes"], 11, "B")
        top = max([r["count"] for r in vote["rows"]] + [1])
        label_w, bar_w = 70, width - 95
        for r in vote["rows"]:
            if pdf.get_y() > pdf.h - 25:
                pdf.add_page()
            y = pdf.get_y()
            pdf.set_font("Helvetica", "", 9)
            pdf.cell(label_w, 6, _latin(f"{r['rank']}{'=' if r['tie'] else ''}. {r['item']}"[:48]))
            pdf.set_fill_color(11, 95, 115) if not r["chosen"] else pdf.set_fill_color(31, 107, 58)
            pdf.rect(pdf.l_margin + label_w, y + 1, max(0.5, bar_w * r["count"] / top), 4,
                     style="F")
            pdf.set_xy(pdf.l_margin + label_w + bar_w + 2, y)
            marks = " ".join(m for m, on in ((w["tie"], r["tie"]), (w["chosen"], r["chosen"]))
                             if on)
            pdf.cell(25, 6, _latin(f"{r['count']} {marks}"), new_x="LMARGIN", new_y="NEXT")
    heading(w["pilots"])
    for p in data["pilots"]:
        para(p["name"], 11, "B")
        para(f"{w['status']}: {p['status']} - {w['team']}: {p['team']} - "
             f"{p['updates']} {w['updates']}", 9)
        if p["organisations"]:
            para(f"{w['organisations']}: {', '.join(p['organisations'])}", 9)
        if p["hypothesis"]:
            para(f"{w['hypothesis']}: {p['hypothesis']}", 9)
        for m in p["measures"]:
            para(f"{w['measures']}: {m['name']} ({m['unit']}) - {w['baseline']} "
                 f"{_num(m['baseline'])}, {w['target']} {_num(m['target'])}", 9)
            _measure_chart(pdf, m, width)
        para(f"{w['chain']}: " + " <- ".join(step or "-" for step in p["chain"]), 9, "I")
        pdf.ln(2)
    return bytes(pdf.output())


def _measure_chart(pdf, measure, width) -> None:
    """The values over time as a line, the target as a dashed line."""
    points = measure["points"]
    if not points:
        return
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    x0, y0, w, h = pdf.l_margin + 5, pdf.get_y() + 2, min(width - 10, 120), 30
    values = [v for _d, v in points] + [v for v in (measure["target"], measure["baseline"])
                                        if v is not None]
    low, high = min(0, *values), max(values) or 1
    span = (high - low) or 1

    def y(value):
        return y0 + h - (value - low) / span * h

    def x(index):
        return x0 + (index / max(1, len(points) - 1)) * w if len(points) > 1 else x0 + w / 2

    pdf.set_draw_color(180, 180, 180)
    pdf.line(x0, y0 + h, x0 + w, y0 + h)
    if measure["target"] is not None:
        pdf.set_draw_color(31, 107, 58)
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.line(x0, y(measure["target"]), x0 + w, y(measure["target"]))
        pdf.set_dash_pattern()
    pdf.set_draw_color(11, 95, 115)
    pdf.set_line_width(0.6)
    for index in range(1, len(points)):
        pdf.line(x(index - 1), y(points[index - 1][1]), x(index), y(points[index][1]))
    for index, (_day, value) in enumerate(points):
        pdf.circle(x=x(index), y=y(value), radius=0.8, style="F")
    pdf.set_line_width(0.2)
    pdf.set_font("Helvetica", "", 7)
    pdf.set_xy(x0 + w + 2, y0)
    pdf.cell(30, 4, _latin(_num(high)))
    pdf.set_xy(x0, y0 + h + 1)
    pdf.cell(w, 4, _latin(f"{points[0][0]} - {points[-1][0]}"))
    pdf.set_y(y0 + h + 6)
