"""The PLOVER ontology in one place: the 16 event types, where each sits between cooperation and
hostility, its quad class, and every set of types the pipeline reasons with, derived from those.

The scores are data (`data/lexicon/plover.yaml`, `score` of each type); the quad classes follow
PLOVER's own grouping of its types into verbal and material cooperation and conflict.
"""
from __future__ import annotations

from functools import lru_cache

from realpolitik.config import DATA_DIR, load_yaml

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

QUAD = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "material_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation",
    "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict", "REJECT": "verbal_conflict",
    "THREATEN": "verbal_conflict",
    "PROTEST": "material_conflict", "SANCTION": "material_conflict", "MOBILIZE": "material_conflict",
    "COERCE": "material_conflict", "ASSAULT": "material_conflict",
}


@lru_cache(maxsize=1)
def scores() -> dict[str, int]:
    """Type -> place on the scale from hostility (-10) to cooperation (+10)."""
    data = load_yaml((DATA_DIR / "lexicon" / "plover.yaml").read_text(encoding="utf-8"))
    found = {kind: entry.get("score", 0) for kind, entry in data["types"].items()}
    if set(found) != set(TYPES):
        raise ValueError(f"plover.yaml types differ from PLOVER's 16: {sorted(set(found) ^ set(TYPES))}")
    return found


def _of(quad: str) -> frozenset[str]:
    return frozenset(kind for kind, where in QUAD.items() if where == quad)


# Every type on the hostile side of the scale (what the briefing counts as hostile).
HOSTILE = frozenset(kind for kind, score in scores().items() if score < 0)
COOPERATIVE = frozenset(kind for kind, score in scores().items() if score > 0)
VERBAL_COOPERATION = _of("verbal_cooperation")
MATERIAL_COOPERATION = _of("material_cooperation")
VERBAL_CONFLICT = _of("verbal_conflict")
MATERIAL_CONFLICT = _of("material_conflict")
# Force used or threatened: what "never threatened X" is answered by.
FORCE = frozenset({"ASSAULT", "COERCE", "THREATEN"})
# Hostile acts aimed at a target that a threat picture lists: force, punishment and blame; refusing or
# protesting is not aimed at harming anyone, deploying one's own forces is not yet an act against them.
AIMED_HOSTILITY = FORCE | {"SANCTION", "ACCUSE"}
# Acts one side does to or for another that only happen when done: a noun naming one with no doer
# ("closer ties with X") is a prospect, and saying one will do one is a commitment (AGREE).
COOPERATIVE_ACTS = MATERIAL_COOPERATION | {"CONSULT", "SUPPORT"}
# Acts against another that, announced, threaten it ("will expel", "may halt mediation if ...").
COERCIVE_ACTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "REJECT"})
# Acts done by saying them: "we warn", "we demand" in a speaker's own words is the act, not a claim.
SPEECH_ACTS = frozenset({"SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
# Types whose parties act together: "Chile and Peru signed an accord" makes each the other's counterpart
# ("X and Y clashed" goes both ways by the reciprocal verbs; "X and Y attacked" does not pair them).
JOINT = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# Types that read the same from either side: "X met Y" is "Y met X".
SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# Measures a state keeps in force (bans, lists, sanctions, detentions).
MEASURES = frozenset({"SANCTION", "COERCE"})
# Types that need a counterpart: an event of one of these with no target says less than it seems.
DYADIC = frozenset(TYPES) - {"PROTEST", "MOBILIZE", "RETREAT"}
