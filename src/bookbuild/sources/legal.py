"""Profiles checked against their legal system: the jurisdiction (jurisdiction.py) says which
scripts names and addresses are written in, what an article number looks like, and which
sentence types, regimes, states and letter services exist."""

from __future__ import annotations

from ..config import BookConfig
from ..errors import Diagnostics
from ..jurisdiction import SCRIPTS, Jurisdiction, load
from ..model import Profile
from .fields import suggest


def resolve_jurisdictions(config: BookConfig, profiles: list[Profile],
                          diagnostics: Diagnostics) -> dict[str, Jurisdiction]:
    """Every jurisdiction the profiles are under, loaded and checked, by code."""
    found: dict[str, Jurisdiction] = {}
    for profile in profiles:
        code = profile.jurisdiction or config.jurisdiction
        if code is None:
            diagnostics.error(profile.location, "no jurisdiction for this profile",
                              "say which country's legal system applies: 'jurisdiction: ru' in book.yaml "
                              "(for every profile) or in the profile")
            continue
        if code not in found:
            where = profile.where("jurisdiction") if profile.jurisdiction else config.jurisdiction_location
            loaded = load(config.root, code, diagnostics, where)
            if loaded is None:
                continue
            found[code] = loaded
        check_profile(profile, found[code], diagnostics)
    for profile in profiles:
        check_dates(profile, config.date, diagnostics)
    return found


def _script_name(code: str) -> str:
    return SCRIPTS.get(code, code).capitalize()


def check_profile(profile: Profile, law: Jurisdiction, diagnostics: Diagnostics) -> None:
    """Everything in a profile that depends on its country."""
    if profile.name_original and not law.in_script(profile.name_original):
        diagnostics.error(profile.where("name_original"),
                          f"'name_original' must be the name in {_script_name(law.names_script)} letters "
                          f"(jurisdiction '{law.code}'), got {profile.name_original!r}")
    for charge in profile.charges:
        code = law.codes.get(charge.code)
        if code is None:
            diagnostics.error(charge.location, f"'code' cannot be {charge.code!r} in jurisdiction '{law.code}'",
                              suggest(charge.code, law.codes) or "one of: " + ", ".join(law.codes))
        elif charge.article and not code.article.match(charge.article):
            diagnostics.error(charge.location, f"'article' must be an article number such as {code.example}, "
                                               f"got {charge.article!r}")
    _check_sentence(profile, law, diagnostics)
    status = profile.status
    if status is not None and status.state not in law.states:
        diagnostics.error(status.lines.get("state", status.location), f"'status.state' cannot be {status.state!r}",
                          suggest(status.state, law.states) or "one of: " + ", ".join(law.states))
    for action in profile.actions("write"):
        if action.address and not law.in_script(action.address, law.address_script):
            diagnostics.error(action.location, f"the address must be written in {_script_name(law.address_script)} "
                                               f"letters, as the post of {law.name} reads it")
        rule = law.letter_rule.message.rstrip(".") if law.letter_rule else ""
        if action.note and rule and rule.lower() in " ".join(action.note.value.split()).lower():
            diagnostics.warning(action.note.location, f"the note repeats what the book prints after every address: "
                                                      f"{law.letter_rule.message!r}", "leave it out of the note")
        for service in action.services:
            if service not in law.services:
                diagnostics.error(action.location, f"no letter service {service!r} in jurisdiction '{law.code}'",
                                  suggest(service, law.services) or "known: " + (", ".join(law.services) or "none"))


def check_dates(profile: Profile, edition_date, diagnostics: Diagnostics) -> None:
    """Dates that cannot be true: a sentence before the arrest, a release before it, anything after
    the edition's date. A date known only to the month or year counts as the whole month or year."""
    import datetime

    def first(d):
        return datetime.date(d.year, d.month or 1, d.day or 1)

    def last(d):
        if d.day:
            return first(d)
        if d.month:
            return datetime.date(d.year + d.month // 12, d.month % 12 + 1, 1) - datetime.timedelta(days=1)
        return datetime.date(d.year, 12, 31)

    dated = {"born": profile.born, "dates.detained": profile.detained, "dates.sentenced": profile.sentenced,
             "dates.released": profile.released}
    for later, earlier in (("dates.sentenced", "dates.detained"), ("dates.released", "dates.detained"),
                           ("dates.detained", "born")):
        a, b = dated[later], dated[earlier]
        if a and b and last(a) < first(b):
            diagnostics.error(profile.where(later), f"'{later}' ({a.iso()}) is before '{earlier}' ({b.iso()})")
    as_of = profile.status.as_of if profile.status else None
    where = {key: profile.where(key) for key in dated}
    for key, value in list(dated.items()) + [("status.as_of", as_of)]:
        if value and first(value) > edition_date:
            place = profile.status.location if key == "status.as_of" else where[key]
            diagnostics.error(place, f"'{key}' ({value.iso()}) is after the edition's date "
                                     f"({edition_date.isoformat()} in book.yaml)")


def _check_sentence(profile: Profile, law: Jurisdiction, diagnostics: Diagnostics) -> None:
    sentence = profile.sentence
    if sentence is None:
        return
    if sentence.type not in law.sentences:
        diagnostics.error(sentence.lines.get("type", sentence.location), f"'sentence.type' cannot be {sentence.type!r}",
                          suggest(sentence.type, law.sentences) or "one of: " + ", ".join(law.sentences))
    if sentence.regime and sentence.regime not in law.regimes:
        diagnostics.error(sentence.lines.get("regime", sentence.location), f"'sentence.regime' cannot be {sentence.regime!r}",
                          suggest(sentence.regime, law.regimes) or "one of: " + ", ".join(law.regimes))
    if sentence.regime and sentence.type != "imprisonment":
        diagnostics.error(sentence.lines.get("regime", sentence.location),
                          "'sentence.regime' only applies to imprisonment")
