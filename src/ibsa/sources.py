"""Official sources: which address a reader is shown as the source of a provision.

A source shown to readers must be the legislature's, government's, court's or procuratorate's own page, or
the national law database of the jurisdiction. The hosts that qualify are data (`official_sources` in
content-policy.yaml). The copy actually read (`stored_copy`) is evidence that the entry was verified; it is
kept in the data and shown in the facilitator edition, never as the source.

The finding is a warning, not an error: the provision page never presents an address off the list as the
source (it says plainly that no official address was confirmed), so readers are protected whatever the data
holds; what remains is catalogue maintenance, like a stale check date. A warning also lets entries being
added by other reviewers load while their official address is still being looked up.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ibsa.findings import Finding, Severity
from ibsa.loaders import POLICY_FILE, Corpus
from ibsa.model import Policy, Source


def official_hosts(policy: Policy | None, jurisdiction: str) -> list[str]:
    if policy is None:
        return []
    return [h.lower() for entry in policy.official_sources if entry.jurisdiction == jurisdiction for h in entry.hosts]


def is_official(url: str | None, hosts: list[str]) -> bool:
    """The URL's host is one of `hosts` or a subdomain of one (www.npc.gov.cn for npc.gov.cn)."""
    if not url:
        return False
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


def official_url(src: Source, policy: Policy | None, jurisdiction: str) -> str | None:
    """The address to show readers as the source, or None when no official address is recorded."""
    return src.url if is_official(src.url, official_hosts(policy, jurisdiction)) else None


def _problem(src: Source, hosts: list[str]) -> str | None:
    if src.official_unavailable or is_official(src.url, hosts):
        return None
    if src.url:
        host = urlsplit(src.url).hostname or src.url
        return (f"source address {host} is not an official host for this jurisdiction; give the legislature's, "
                "government's or court's page or the national law database, move the copy you read to "
                "'stored_copy', or say why none exists in 'official_unavailable'")
    return ("has no official source address; add 'url' on an official host, or say why none exists in "
            "'official_unavailable'")


def check_official_sources(corpus: Corpus) -> Iterator[Finding]:
    """Each instrument and provision names an official address for readers, or says why there is none."""
    policy = corpus.policy
    if policy is None:  # missing or invalid: the loader reported it
        return
    listed = {e.jurisdiction for e in policy.official_sources}
    for iid, inst in corpus.instruments.items():
        path = corpus.where[f"instrument:{iid}"][0]
        doc = corpus.docs[path]
        if inst.jurisdiction not in listed:
            yield Finding(path, doc.line_of(("instrument", "jurisdiction")), "official-source",
                          f"no official hosts are listed for {inst.jurisdiction}; add them under "
                          f"'official_sources' in {POLICY_FILE}", severity=Severity.WARNING)
            continue
        hosts = official_hosts(policy, inst.jurisdiction)
        if inst.source and (problem := _problem(inst.source, hosts)):
            yield Finding(path, doc.line_of(("instrument", "source")), "official-source", f"{iid} {problem}",
                          severity=Severity.WARNING)
    for pid, prov in corpus.provisions.items():
        inst = corpus.instruments.get(prov.instrument)
        if inst is None or inst.jurisdiction not in listed:
            continue
        if problem := _problem(prov.source, official_hosts(policy, inst.jurisdiction)):
            yield corpus.finding(f"provision:{pid}", ("source",), "official-source", f"{pid} {problem}",
                                 severity=Severity.WARNING)
