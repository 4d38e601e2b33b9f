"""The data model: what a provision, a fact, a scenario and a lesson are.

Pure data. Validation of shapes and types is pydantic's; cross-references and
legal consistency are decided in `checks`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

ProvisionId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}-[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
FactName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]  # "HH:MM", 24-hour
Jurisdiction = Literal["CN", "KR", "US", "UK", "AU", "EU", "TW", "JP", "HK", "INT"]
Track = Literal["police", "ngo", "clinic"]
SANE_DATES = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _sane(value: dt.date | None) -> dt.date | None:
    if value is not None and not SANE_DATES[0] <= value <= SANE_DATES[1]:
        raise ValueError(f"date {value} is out of range; expected a date between 1900 and 2100")
    return value




# ------------------------------------------------------------------ the law


class FactType(StrEnum):
    BOOL = "bool"
    INT = "int"
    DATE = "date"
    ENUM = "enum"


class Fact(Strict):
    type: FactType
    definition: ShortText = Field(description="what the fact means, in words shown to readers: no fact names and no "
                                  "instructions to authors (those go in author_note)")
    author_note: ShortText | None = Field(
        default=None, description="guidance for scenario authors (when to state it, which fact to use instead); "
        "never rendered")
    implies: list[FactName] = Field(
        default_factory=list, description="bool facts that are also true whenever this one is (an AI fake is "
        "fabricated; sexual activity is intimate); `ibsa check` asks scenarios to state them")
    values: list[FactName] | None = None
    min: int | None = None
    max: int | None = None
    unknown_if_unstated: bool = Field(
        default=False, description="an unstated value is unknown (every comparison on it fails) rather than "
        "false or 0; for facts such as an age, where 0 would be a claim")

    @model_validator(mode="after")
    def _enum_values(self) -> Fact:
        if (self.type is FactType.ENUM) != bool(self.values):
            raise ValueError("an enum fact needs 'values', and only an enum fact may have them")
        if self.implies and self.type is not FactType.BOOL:
            raise ValueError("only a bool fact may have 'implies'")
        return self


class EventType(Strict):
    definition: ShortText


class Bilingual(Strict):
    en: ShortText
    zh: ShortText | None = None
    original: ShortText | None = None


class Source(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    stored_copy: ShortText | None = None
    title: ShortText | None = None
    checked: dt.date
    official_unavailable: ShortText | None = Field(
        default=None, description="why no official address (legislature, government, court or national law "
                                  "database; see official_sources in content-policy.yaml) could be confirmed")

    @model_validator(mode="after")
    def _has_address(self) -> Source:
        if not (self.url or self.stored_copy):
            raise ValueError("a source needs a 'url' or a 'stored_copy' address")
        _sane(self.checked)
        return self


class InForce(Strict):
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    # Treaties and directives have dates besides entry into force; tables must not call them "in force" alone.
    applies_from: dt.date | None = Field(
        default=None, description="later date from which its obligations bind (a directive's transposition deadline)")
    pending: bool = Field(
        default=False, description="adopted but not in force when checked: `from` is then the adoption date")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> InForce:
        _sane(self.from_)
        _sane(self.until)
        if self.until is not None and self.until < self.from_:
            raise ValueError(f"in force until {self.until} is before from {self.from_}")
        if self.applies_from is not None and self.applies_from < self.from_:
            raise ValueError(f"applies from {self.applies_from} is before in force from {self.from_}; "
                             "applies_from is the later date from which the obligations bind")
        return self

    def covers(self, day: dt.date) -> bool:
        """In force on `day`; an instrument adopted but not yet in force covers no day."""
        return not self.pending and self.from_ <= day and (self.until is None or day <= self.until)


class Element(Strict):
    id: Slug | FactName
    label: ShortText
    when: Any  # parsed by ibsa.expr in the loader, kept raw here for rendering
    zh: ShortText | None = None
    evidence: list[ShortText] = Field(default_factory=list, description="evidence that typically proves it")
    gaps: list[ShortText] = Field(default_factory=list, description="what commonly goes wrong in proving it")


class Threshold(Strict):
    id: FactName
    fact: FactName
    value: int
    label: ShortText | None = None
    basis: Source | None = None


class FineKind(StrEnum):
    NONE = "none"
    ALTERNATIVE = "alternative"  # a fine instead of detention/imprisonment
    OPTIONAL = "optional"  # a fine may be added
    MANDATORY = "mandatory"  # a fine must be added
    EITHER_OR_BOTH = "either_or_both"  # imprisonment or a fine, or both together (併科, "or both")


class PenaltyTier(Strict):
    label: ShortText
    min_imprisonment_years: float | None = Field(default=None, ge=0, le=25)
    max_imprisonment_years: float | None = Field(default=None, ge=0, le=25)
    life_imprisonment: bool = False
    death_penalty: bool = False
    criminal_detention: bool = False
    public_surveillance: bool = False
    deprivation_of_political_rights: bool = False
    min_detention_days: int | None = Field(default=None, ge=0, le=20)
    max_detention_days: int | None = Field(default=None, ge=0, le=20)
    fine_min: int | None = Field(default=None, ge=0, description="in the penalty's currency")
    fine_max: int | None = Field(default=None, ge=0, description="in the penalty's currency")
    fine: FineKind = FineKind.NONE
    # A regulator's or court's money penalty is not a criminal fine; some are capped by a share of revenue.
    civil_penalty: bool = Field(default=False, description="the sum is a civil (regulatory) penalty, not a fine")
    revenue_percent_max: float | None = Field(
        default=None, gt=0, le=100,
        description="cap as a % of worldwide revenue; with fine_max, whichever is greater")
    warning: bool = False
    note: ShortText | None = None


Currency = Literal["CNY", "KRW", "USD", "GBP", "AUD", "EUR", "TWD", "JPY", "HKD"]


class Penalty(Strict):
    tiers: list[PenaltyTier] = Field(min_length=1)
    currency: Currency = "CNY"
    note: ShortText | None = None


class Deadline(Strict):
    """A time limit: `days` (calendar, working days or months, by `unit`) or `hours`."""

    days: int | None = Field(default=None, ge=1, le=3650)
    hours: int | None = Field(default=None, ge=1, le=720)
    unit: Literal["days", "working_days", "months"] = "days"
    from_event: FactName
    to_event: FactName | None = Field(default=None, description="the event that must happen by the last day; "
                                      "the checker compares it with the timeline, and the flowcharts draw it")

    @model_validator(mode="after")
    def _one_length(self) -> Deadline:
        if (self.days is None) == (self.hours is None):
            raise ValueError("a deadline needs exactly one of 'days' or 'hours'")
        return self


class Conduct(StrEnum):
    """Kinds of conduct the comparison tables are organised by."""

    FILMING = "filming"
    SHARING = "sharing"
    THREATENING = "threatening"
    DEEPFAKE_CREATION = "deepfake_creation"
    DEEPFAKE_SHARING = "deepfake_sharing"
    POSSESSION_VIEWING = "possession_viewing"
    PLATFORM_REMOVAL = "platform_removal"


class Kind(StrEnum):
    CRIMINAL = "criminal"
    ADMINISTRATIVE = "administrative"
    CIVIL = "civil"
    PROCEDURAL = "procedural"
    PLATFORM_DUTY = "platform_duty"
    GENERAL = "general"  # a rule on applying the law (which version, which route), with no elements of its own
    RECOMMENDATION = "recommendation"  # non-binding guidance (a treaty body's general recommendation)


class Provision(Strict):
    id: ProvisionId
    article: ShortText
    article_original: ShortText | None = Field(
        default=None, description="the article reference in the provision's original language (第五十条第一款第六项, "
        "第三百十九條之一第一項, 第159AAB條, 제14조의2 제1항, 第三条第一項); required for CN, TW, HK, KR and JP")
    part: ShortText | None = Field(
        default=None, description="which part of the article this entry is, where one article holds several "
        "(s. 33(1) makes both disclosing and threatening to disclose an offence: 'disclosure', 'threat to "
        "disclose'); shown after the article reference and translated like the summary")
    title: Bilingual
    kind: Kind
    in_force: InForce
    replaces: ProvisionId | None = None
    yields_to: list[ProvisionId] = Field(
        default_factory=list, description="provisions that take precedence over this one for the same conduct: "
        "where one of them (or another version of it) also applies, this one is only a fallback, for use if that "
        "one cannot be proved (an administrative penalty yields to a crime: PSAPL 2025 Art. 3)")
    summary: Text
    elements: list[Element] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)
    penalty: Penalty | None = None
    deadline: Deadline | None = None
    conduct: list[Conduct] = Field(default_factory=list, description="what the comparison tables list it under")
    source: Source
    verified: bool
    notes: Text | None = None
    reference_only: ShortText | None = Field(
        default=None, description="why no scenario exercises this provision (it is cited for reference only)")
    # filled by the loader, not written in YAML
    instrument: SkipJsonSchema[str] = ""
    path: SkipJsonSchema[str] = ""


class Instrument(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}-[A-Za-z0-9]+$")]
    jurisdiction: Jurisdiction
    title: Bilingual
    short: ShortText | None = Field(default=None, description="short name used in citations, e.g. 'Criminal Law'")
    adopted: dt.date | None = None
    source: Source | None = None
    notes: Text | None = None


class CatalogueFile(Strict):
    instrument: Instrument
    provisions: list[Provision] = Field(min_length=1)


class FactsFile(Strict):
    facts: dict[FactName, Fact] = Field(min_length=1)


class EventsFile(Strict):
    events: dict[FactName, EventType] = Field(min_length=1)


# ------------------------------------------------------------ the content policy


class BlockedHost(Strict):
    host: ShortText
    reason: ShortText


class Diagram(Strict):
    path: ShortText
    shows: ShortText


class LanguageRule(Strict):
    phrases: list[ShortText] = Field(min_length=1)
    prefer: ShortText
    reason: ShortText


class OfficialHosts(Strict):
    """Hosts whose pages count as an official source for one jurisdiction's law (a host covers its subdomains)."""

    jurisdiction: Jurisdiction
    hosts: list[ShortText] = Field(min_length=1)
    whose: ShortText = Field(description="whose pages these are (legislature, government, courts, law database)")


class Policy(Strict):
    blocked_hosts: list[BlockedHost] = Field(min_length=1)
    diagrams: list[Diagram] = Field(default_factory=list)
    language: list[LanguageRule] = Field(default_factory=list)
    official_sources: list[OfficialHosts] = Field(default_factory=list)
    # phrases about how the curriculum is made (files, ids, the checker) that no reader-facing text may use
    internals: list[LanguageRule] = Field(default_factory=list)


# ------------------------------------------------------------ the exercises


def _quoted_time(value: object) -> object:
    """YAML 1.1 reads an unquoted 15:10 as the sexagesimal number 910: say so instead of a type error."""
    if isinstance(value, int) and not isinstance(value, bool):
        hint = f'"{value // 60:02d}:{value % 60:02d}"' if 0 <= value < 24 * 60 else '"HH:MM"'
        raise ValueError(f"the time is the number {value}: YAML reads an unquoted HH:MM as a number; write it in "
                         f"quotes, {hint}")
    return value


class TimelineEvent(Strict):
    date: dt.date
    time: ClockTime | None = Field(default=None, description='time of day, "HH:MM" in quotes; needed where a time '
                                   "limit runs in hours, which are then counted from this moment")
    event: FactName
    note: ShortText | None = None

    @field_validator("time", mode="before")
    @classmethod
    def _time_quoted(cls, value: object) -> object:
        return _quoted_time(value)

    @property
    def moment(self) -> dt.datetime | None:
        return None if self.time is None else dt.datetime.combine(self.date, dt.time.fromisoformat(self.time))


class Task(Strict):
    id: Slug
    text: Text


class ElementReasoning(Strict):
    element: Slug | FactName
    facts: list[FactName] = Field(min_length=1)
    text: Text


class Applicable(Strict):
    provision: ProvisionId
    reasoning: list[ElementReasoning] = Field(min_length=1)


class NotApplicable(Strict):
    provision: ProvisionId
    facts: list[FactName] = Field(min_length=1)
    reason: Text


class DeadlineAnswer(Strict):
    provision: ProvisionId
    due: dt.date
    due_time: ClockTime | None = Field(default=None, description='for a limit in hours counted from a timed event: '
                                       'the hour on the due date at which it ends, "HH:MM"')
    met: bool | None = Field(default=None, description="whether the provision's to_event happened by the due date")
    text: Text | None = None

    @field_validator("due_time", mode="before")
    @classmethod
    def _due_time_quoted(cls, value: object) -> object:
        return _quoted_time(value)


class TaskAnswer(Strict):
    task: Slug
    answer: Text


class DraftElement(Strict):
    id: Slug | FactName
    label: ShortText
    when: Any  # an element expression over the fact vocabulary, as in the catalogue


class DraftOffence(Strict):
    """A reform-drafting answer: the elements of a proposed offence, tested on fact patterns it must
    catch (this scenario and `covers`) and must leave alone (`excludes`)."""

    elements: list[DraftElement] = Field(min_length=1)
    covers: list[Slug] = Field(default_factory=list)
    excludes: list[Slug] = Field(default_factory=list)


class Findings(Strict):
    """What applies to one suspect: provisions that apply, fallbacks (they apply on their elements but yield
    to another that applies too) and tempting provisions that do not apply."""

    applicable: list[Applicable] = Field(default_factory=list)
    fallback: list[Applicable] = Field(
        default_factory=list, description="provisions whose elements hold but which yield to another provision "
        "that applies too (an administrative penalty yields to a crime): they apply only if that one cannot be "
        "proved")
    not_applicable: list[NotApplicable] = Field(default_factory=list)


class SuspectFindings(Findings):
    party: Slug = Field(description="the id of a suspect in the scenario's 'parties'")


class AnswerKey(Findings):
    deadlines: list[DeadlineAnswer] = Field(default_factory=list)
    tasks: list[TaskAnswer] = Field(default_factory=list)
    draft: DraftOffence | None = None
    suspects: list[SuspectFindings] = Field(
        default_factory=list, description="with 'parties': what each suspect can be charged with; the top-level "
        "applicable, fallback and not_applicable then stay empty")

    def units(self) -> list[tuple[str | None, Findings, tuple[str | int, ...]]]:
        """(suspect id or None, findings, location in the answer key) for each answered suspect."""
        if self.suspects:
            return [(s.party, s, ("answer_key", "suspects", i)) for i, s in enumerate(self.suspects)]
        return [(None, self, ("answer_key",))]

    def provisions_named(self) -> set[str]:
        """Every provision the answer key names as applying, a fallback or tempting (not time limits)."""
        return {item.provision for _, unit, _ in self.units()
                for item in (*unit.applicable, *unit.fallback, *unit.not_applicable)}


FactValue = bool | int | dt.date | str


class Role(Strict):
    id: Slug
    title: ShortText
    briefing: Text
    shown_to: Literal["everyone", "facilitator"] = Field(
        default="facilitator", description="'everyone': the participant edition shows it (the interviewer's "
        "briefing); 'facilitator': a role card the facilitator hands out")


class ChecklistItem(Strict):
    text: ShortText
    objective: Slug


class RolePlay(Strict):
    roles: list[Role] = Field(min_length=2)
    checklist: list[ChecklistItem] = Field(min_length=1, description="the observer checklist (facilitator only)")


class Party(Strict):
    """A person in a scenario with several suspects or several persons harmed."""

    id: Slug
    role: Literal["suspect", "harmed"]
    label: ShortText = Field(description="who they are, in words readers see (e.g. 'the channel's founder')")
    facts: dict[FactName, FactValue] = Field(
        default_factory=dict, description="facts about this person's own conduct (a suspect) or about her (a person "
        "harmed: age, sex); they add to the scenario's shared facts")
    harms: list[Slug] | None = Field(
        default=None, description="a suspect: the persons harmed whose facts his case is judged with (default: all)")


class Scenario(Strict):
    id: Slug
    title: ShortText
    jurisdiction: Jurisdiction | list[Jurisdiction] = Field(
        description="one code, or a list: the facts are judged under each jurisdiction's catalogue")
    incident_date: dt.date
    tracks: list[Track] = Field(min_length=1)
    objectives: list[Slug] = Field(min_length=1)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    facts: dict[FactName, FactValue] = Field(min_length=1, description="facts shared by every party")
    parties: list[Party] = Field(
        default_factory=list, description="several suspects or persons harmed: each suspect is judged on the shared "
        "facts, his own, and those of each person he harmed; the answer key then has 'suspects'")
    narrative: Text
    tasks: list[Task] = Field(min_length=1)
    hints: list[Text] = Field(default_factory=list)
    answer_key: AnswerKey
    roleplay: RolePlay | None = None
    facilitator_notes: Text | None = None
    duration: int = Field(ge=5, le=600, description="minutes the exercise takes in class; "
                     "lessons that schedule it take the figure from here")
    show_facts: bool = Field(default=False, description="show the structured facts to participants: only for a drill "
                             "on given facts, since the facts table is the analysis the tasks ask for")
    path: SkipJsonSchema[str] = ""

    @property
    def suspects(self) -> list[Party]:
        return [p for p in self.parties if p.role == "suspect"]

    @property
    def harmed(self) -> list[Party]:
        return [p for p in self.parties if p.role == "harmed"]

    def stated(self) -> set[str]:
        """Every fact the scenario states, shared or about one of its parties."""
        return set(self.facts).union(*(p.facts for p in self.parties))

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        return tuple(self.jurisdiction) if isinstance(self.jurisdiction, list) else (self.jurisdiction,)

    @model_validator(mode="after")
    def _dates(self) -> Scenario:
        _sane(self.incident_date)
        for event in self.timeline:
            _sane(event.date)
        return self


# ------------------------------------------------------------- the lessons


class Objective(Strict):
    id: Slug
    text: ShortText


class Lesson(Strict):
    lesson: Slug
    title: ShortText
    module: Slug
    tracks: list[Track] = Field(min_length=1)
    duration: int = Field(ge=5, le=600, description="minutes")
    prerequisites: list[Slug] = Field(default_factory=list)
    objectives: list[Objective] = Field(min_length=1)
    key_points: list[ShortText] = Field(min_length=1)
    status: Literal["draft", "ready"] = Field(
        default="ready", description="'draft' while the lesson is written: objectives no scenario exercises yet and "
        "stubs are warnings, not errors; remove it when the lesson is ready")
    path: SkipJsonSchema[str] = ""
    docname: SkipJsonSchema[str] = ""


class Module(Strict):
    module: Slug
    title: ShortText
    duration: int = Field(ge=5, le=6000, description="minutes; must equal the sum of the lessons")
    content_note: ShortText
    path: SkipJsonSchema[str] = ""
    docname: SkipJsonSchema[str] = ""


# ------------------------------------------------------- resources: tools and referrals


class ToolItem(Strict):
    text: ShortText
    provision: ProvisionId | None = Field(default=None, description="the rule behind the item; the page cites it "
                                          "and shows its time limit")
    fact: FactName | None = Field(default=None, description="the fact the item records; the page shows its definition")
    referral: Slug | None = Field(default=None, description="a service of resources/referrals.yaml; the page shows "
                                  "its name, contact and hours")


class ToolSection(Strict):
    title: ShortText
    items: list[ToolItem] = Field(min_length=1)


class LogColumn(Strict):
    label: ShortText
    width: int = Field(default=10, ge=3, le=60, description="share of the page width, in per cent")


class Tool(Strict):
    """A printable tool: a checklist, an evidence log or a letter template, rendered as an A4 page."""

    id: Slug
    title: ShortText
    kind: Literal["checklist", "log", "letter"]
    tracks: list[Track] = Field(min_length=1)
    purpose: Text
    sections: list[ToolSection] = Field(default_factory=list)
    columns: list[LogColumn] = Field(default_factory=list)
    rows: int = Field(default=0, ge=0, le=40, description="blank rows of a log")
    body: Text | None = Field(default=None, description="a letter's text, MyST; [square brackets] are blanks")
    path: SkipJsonSchema[str] = ""

    @model_validator(mode="after")
    def _shape(self) -> Tool:
        need = {"checklist": bool(self.sections), "log": bool(self.columns and self.rows), "letter": bool(self.body)}
        if not need[self.kind]:
            what = {"checklist": "'sections'", "log": "'columns' and 'rows'", "letter": "'body'"}[self.kind]
            raise ValueError(f"a {self.kind} needs {what}")
        if self.columns and sum(c.width for c in self.columns) > 100:
            raise ValueError("the columns' widths add up to more than 100 per cent of the page")
        return self


ServiceKind = Literal["police", "legal", "legal_aid", "counselling", "medical", "shelter", "digital_security",
                      "removal", "reporting", "hotline", "child_protection"]


class Service(Strict):
    id: Slug
    name: Bilingual
    region: Jurisdiction | Literal["any"]
    runs_it: ShortText
    scope: ShortText = Field(description="whom it serves and what it does (and does not) do")
    kinds: list[ServiceKind] = Field(min_length=1)
    contact: ShortText
    hours: ShortText | None = None
    confidence: Literal["verified", "partly"] = Field(
        description="verified: an official page or two reliable sources; partly: one secondary or old source. "
        "Unverified services are not listed at all.")
    source: Source
    notes: ShortText | None = None


class ReferralsFile(Strict):
    services: list[Service] = Field(min_length=1)


# ------------------------------------------------------------ the term base (law/terms.yaml)


class TermSource(Strict):
    """Where a term is defined: a provision of the catalogue, or a guidance document with its address."""

    provision: ProvisionId | None = None
    title: ShortText | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None

    @model_validator(mode="after")
    def _one(self) -> TermSource:
        if not (self.provision or self.url):
            raise ValueError("a term's source needs a 'provision' id or a guidance document's 'url'")
        return self


class Term(Strict):
    en: list[ShortText] = Field(min_length=1, description="English forms; the first is the headword")
    zh: list[ShortText] = Field(min_length=1, description="accepted Chinese renderings; the first is preferred")
    definition: ShortText
    definition_zh: ShortText
    source: TermSource | None = None
    checked: bool = Field(description="whether the translation check enforces the term (false for words too "
                                      "generic to enforce, such as 'report' or 'warning')")
    not_in: list[ShortText] = Field(default_factory=list, description="English phrases that contain a form but mean "
                                    "something else, skipped by the check (e.g. 'receipt of' for receiving a notice)")


class TermsFile(Strict):
    terms: list[Term] = Field(min_length=1)


# ------------------------------------------------------------ courses (courses/*.yaml)


class SessionPart(Strict):
    """One item of a session: a lesson, an exercise (a scenario run on its own) or a break."""

    lesson: Slug | None = Field(default=None, description="a lesson id; its minutes include the exercises the "
                                "lesson page runs itself")
    exercise: Slug | None = Field(default=None, description="a scenario id, run as a block of its own")
    break_: ShortText | None = Field(default=None, alias="break", description="a break, by its label")
    minutes: int | None = Field(default=None, ge=5, le=600, description="default: the lesson's or the scenario's "
                                "duration; a break states its own")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _one(self) -> SessionPart:
        given = [name for name, v in (("lesson", self.lesson), ("exercise", self.exercise), ("break", self.break_))
                 if v is not None]
        if len(given) != 1:
            raise ValueError("a part is exactly one of 'lesson', 'exercise' or 'break'"
                             + (f"; found {' and '.join(given)}" if given else ""))
        if self.break_ is not None and self.minutes is None:
            raise ValueError("a break needs 'minutes'")
        return self


class Session(Strict):
    title: ShortText
    day: int | None = Field(default=None, ge=1, le=31, description="the day it falls on, in a course counted in days")
    week: int | None = Field(default=None, ge=1, le=52, description="the week, in a course counted in weeks")
    start: ClockTime | None = Field(default=None, description='clock time it starts, "HH:MM" in quotes; the '
                                    "timetable then gives each part's time")
    minutes: int = Field(ge=5, le=720, description="the session's length; must equal the sum of its parts")
    parts: list[SessionPart] = Field(min_length=1)

    @field_validator("start", mode="before")
    @classmethod
    def _start_quoted(cls, value: object) -> object:
        return _quoted_time(value)

    @property
    def unit(self) -> int:
        return self.day if self.day is not None else self.week or 0


class Frame(Strict):
    """The time a course has: so many days of so many teaching minutes, or so many weeks."""

    days: int | None = Field(default=None, ge=1, le=31)
    minutes_per_day: int | None = Field(default=None, ge=30, le=720)
    weeks: int | None = Field(default=None, ge=1, le=52)
    minutes_per_week: int | None = Field(default=None, ge=30, le=2400)

    @model_validator(mode="after")
    def _pairs(self) -> Frame:
        days, weeks = (self.days, self.minutes_per_day), (self.weeks, self.minutes_per_week)
        if not ((all(v is not None for v in days) and all(v is None for v in weeks))
                or (all(v is not None for v in weeks) and all(v is None for v in days))):
            raise ValueError("a frame is either 'days' with 'minutes_per_day' or 'weeks' with 'minutes_per_week'")
        return self

    @property
    def unit(self) -> Literal["day", "week"]:
        return "day" if self.days is not None else "week"

    @property
    def count(self) -> int:
        return self.days or self.weeks or 0

    @property
    def per_unit(self) -> int:
        return self.minutes_per_day or self.minutes_per_week or 0


class Course(Strict):
    """A course for one audience: its sessions in order, each a list of lessons, exercises and breaks."""

    id: Slug
    title: ShortText
    audience: Track
    format: ShortText = Field(description="the format in words readers see (who it is for, how it runs)")
    frame: Frame
    assumes: list[Slug] = Field(default_factory=list, description="lessons participants have done before the course; "
                                "they count as done for the lessons' prerequisites")
    sessions: list[Session] = Field(min_length=1)
    print: list[Slug] = Field(default_factory=list, description="the printable tools to hand out (tool ids)")
    path: SkipJsonSchema[str] = ""

    @model_validator(mode="after")
    def _units(self) -> Course:
        unit = self.frame.unit
        for i, session in enumerate(self.sessions):
            if (session.day is None) == (session.week is None) or (session.day is None) == (unit == "day"):
                raise ValueError(f"session {i + 1} ('{session.title}') needs '{unit}', the frame's unit, and only "
                                 "that")
        return self


# ------------------------------------------------------------------ evaluation (evaluation/*.yaml)


class CheckOption(Strict):
    text: ShortText
    right: bool = Field(default=False, description="true for each right option; an item has at least one")


class CheckItem(Strict):
    """A knowledge-check question, asked the same way before and after the course."""

    id: Slug
    objective: Slug = Field(description="the lesson objective (its id in the lesson's front matter) the item tests")
    question: ShortText
    options: list[CheckOption] = Field(min_length=2, max_length=6)
    explanation: ShortText = Field(description="why the right options are right; facilitator edition only")


class RubricCriterion(Strict):
    criterion: ShortText
    levels: list[ShortText] = Field(description="what work at each level looks like, in the rubric's level order")


class Rubric(Strict):
    id: Slug
    title: ShortText
    applies_to: ShortText = Field(description="what is graded, in words readers see")
    levels: list[ShortText] = Field(min_length=2, max_length=6, description="level names, lowest first")
    criteria: list[RubricCriterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _cells(self) -> Rubric:
        for i, c in enumerate(self.criteria):
            if len(c.levels) != len(self.levels):
                raise ValueError(f"criterion {i + 1} ('{c.criterion}') describes {len(c.levels)} levels; expected "
                                 f"one per level of the rubric ({len(self.levels)})")
        return self


class Evaluation(Strict):
    """A course's evaluation: the knowledge check (before and after), grading rubrics; the attitudes scale and the
    feedback form are shared by every course (evaluation/shared.yaml)."""

    id: Slug = Field(description="the course id; equals the file name")
    title: ShortText
    knowledge_check: list[CheckItem] = Field(min_length=1)
    assessed_elsewhere: list[Slug] = Field(default_factory=list, description="objectives of the course's lessons "
                                           "that the knowledge check leaves to observation in the exercises")
    rubrics: list[Rubric] = Field(default_factory=list)
    path: SkipJsonSchema[str] = ""


class ScaleItem(Strict):
    id: Slug
    text: ShortText
    reverse: bool = Field(default=False, description="true when agreeing is the view that does not blame her")


class AttitudeScale(Strict):
    title: ShortText
    instructions: ShortText
    points: list[ShortText] = Field(min_length=5, max_length=5, description="the five answer labels, 1 to 5")
    items: list[ScaleItem] = Field(min_length=6, max_length=8)
    scoring: ShortText
    adapted_from: list[str] = Field(min_length=1, description="citations of the instruments adapted (not "
                                    "translated: a citation stays in its own language)")
    notes: str = Field(description="for authors: what was read of each source and what could not be verified")


class FeedbackQuestion(Strict):
    id: Slug
    kind: Literal["rating", "open"]
    text: ShortText


class FeedbackForm(Strict):
    title: ShortText
    instructions: ShortText
    points: list[ShortText] = Field(min_length=5, max_length=5, description="rating labels, 1 to 5")
    questions: list[FeedbackQuestion] = Field(min_length=1)


class SharedEvaluation(Strict):
    id: Literal["shared"]
    attitudes: AttitudeScale
    feedback: FeedbackForm
    path: SkipJsonSchema[str] = ""
