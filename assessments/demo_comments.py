"""Demo comments (issue #17): what `seed_demo` respondents wrote on the open questions, so the
demo's dashboard, Comments page and PDF show the respondents' own words.

Made like real ones: no tie to a response, the department and units of the cell only until its
batch is published (`snapshot_publish`, called by the demo right after). A random generator of
their own, so the synthetic answers drawn before them do not change.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from assessments.models import Campaign, Comment, OpenQuestion, Response

# (question code, text, themes): some tagged as a BRM would, some left for the demo user to tag.
DEMO_COMMENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("OPEN-BUS-1", "Come and sit with us for a day before you design a solution.", ("BEH-IT",)),
    ("OPEN-BUS-1", "Tell us early when a project is going to be late, not on the due date.", ("TRU",)),
    ("OPEN-BUS-1", "Show us what we actually pay for each service, in words we understand.", ("TRU",)),
    ("OPEN-BUS-1", "Join our planning meetings so you hear about changes before they are decided.", ("REL-PAR",)),
    ("OPEN-BUS-2", "Stop closing tickets before the problem is really solved.", ("BEH-IT",)),
    ("OPEN-BUS-2", "Stop answering every request with a new form to fill in.", ()),
    ("OPEN-BUS-2", "Stop talking in acronyms in steering meetings.", ("BEH-IT",)),
    ("OPEN-BUS-3", "Waiting weeks for a simple access right.", ()),
    ("OPEN-BUS-3", "Nobody knows who to call when the order system is slow.", ("REL-PRO",)),
    ("OPEN-BUS-3", "Changes to reports take a full quarter to get through.", ()),
    ("OPEN-IT-1", "Involve us when you start thinking about a new product, not when it must go live.", ("REL-PAR",)),
    ("OPEN-IT-1", "Name one person who decides on priorities for your department.", ("BEH-BUS",)),
    ("OPEN-IT-1", "Tell us what success looks like for you, so we can measure it.", ("BEH-BUS",)),
    ("OPEN-IT-2", "Stop buying tools on a credit card and calling us when they break.", ("BEH-BUS",)),
    ("OPEN-IT-2", "Stop marking everything as urgent.", ()),
    ("OPEN-IT-3", "Requirements that change every week without anyone telling us why.", ("BEH-BUS",)),
    ("OPEN-IT-3", "Being seen as a cost instead of a partner in the board's plans.", ("REL-PEE", "TRU")),
)


def demo_comments_seed(
    *, campaign: Campaign, responses: Sequence[Response], partners: Mapping[int, str] | None = None
) -> int:
    """Each of DEMO_COMMENTS written by a different respondent of its side, as far as there are
    respondents; `partners`: each response's units (`partners_key`, by response id), the rest of
    the cell its comment waits in. Returns how many comments were made."""
    questions = {q.code: q for q in OpenQuestion.objects.filter(instrument_id=campaign.instrument_id)}
    rng = random.Random(f"demo-comments-{len(responses)}")
    free = {side: [r for r in responses if r.side == side] for side in ("business", "it")}
    for writers in free.values():
        rng.shuffle(writers)
    rows = []
    for code, text, themes in DEMO_COMMENTS:
        question = questions.get(code)
        writers = free[question.sides[0]] if question else []
        if not writers:
            continue
        writer = writers.pop()
        rows.append(
            Comment(
                organisation_id=campaign.organisation_id,
                campaign_id=campaign.pk,
                question=question,
                side=writer.side,
                text=text,
                themes=list(themes),
                pending_department=writer.department,
                pending_partners=(partners or {}).get(writer.pk, ""),
            )
        )
    return len(Comment.objects.bulk_create(rows))
