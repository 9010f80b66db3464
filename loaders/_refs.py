"""Which properties of a record name other records (entity references).

FtM entity-typed properties, from followthemoney's model (forward properties
only; the reverse ones are never stated in data), plus graphsvc's relationship
ends and reference properties. Three names are entity-typed in some schemata
only (``Sanction.authority`` is the issuing body's name, ``Email.subject`` a
subject line), so they count only where they are references.
"""

from __future__ import annotations

from graphsvc.model import EDGE_SCHEMATA, REFERENCE_PROPERTIES

FTM_ENTITY_PROPERTIES: frozenset[str] = frozenset(
    {
        "addressEntity", "agent", "ancestors", "asset", "associate", "bank",
        "bankAccount", "bankForeign", "bankRub", "beneficiary", "beneficiaryAccount",
        "callForTenders", "caller", "candidate", "case", "client", "contract",
        "contractHolder", "controlled", "controller", "creditor", "debtor", "declarant",
        "director", "document", "emitters", "employee", "employer", "endLocation",
        "entity", "holder", "inReplyToEmail", "inReplyToMessage", "involved", "issuer",
        "match", "member", "object", "onBehalfOf", "operator", "organization",
        "organizer", "owner", "parent", "partOf", "participant", "party", "payer",
        "payerAccount", "person", "pictured", "post", "predecessor", "project", "proof",
        "receiver", "recipientAccount", "recipients", "relative", "resolved",
        "riskSource", "startLocation", "successor", "supplier", "taxee", "tenderers",
        "transport", "vehicle",
    }
)  # fmt: skip

_SCHEMA_SPECIFIC: frozenset[tuple[str, str]] = frozenset(
    {
        ("Contract", "authority"),
        ("CallForTenders", "authority"),
        ("License", "authority"),
        ("UnknownLink", "subject"),
        ("Message", "sender"),
        ("EconomicActivity", "sender"),
    }
)


def is_reference(schema: str, prop: str) -> bool:
    """True if ``prop`` of a ``schema`` record holds ids of other records."""
    if prop in FTM_ENTITY_PROPERTIES or (schema, prop) in _SCHEMA_SPECIFIC:
        return True
    if (schema, prop) in REFERENCE_PROPERTIES:
        return True
    ends = EDGE_SCHEMATA.get(schema)
    return ends is not None and prop in ends[:2]
