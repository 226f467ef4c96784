"""policy_audit: audit privacy policies against the GDPR transparency requirements.

>>> import policy_audit as pa
>>> r = pa.audit("We are Acme SAS, contact privacy@acme.example. We keep data 2 years.")
>>> r.requirements.shape[0] == pa.checklist().shape[0]
True
>>> r.entities.loc[r.entities.type == "retention", "value"].tolist()
['P2Y']
>>> r.verdict("13(2)(a)").evidence[0].text
'We keep data 2 years.'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["AuditResult", "InputError", "audit", "audit_corpus", "checklist", "compare",
           "read_results", "__version__"]

_LAZY = {
    "audit": "policy_audit.api",
    "AuditResult": "policy_audit.api",
    "checklist": "policy_audit.api",
    "InputError": "policy_audit.ingest",
    "audit_corpus": "policy_audit.batch",
    "read_results": "policy_audit.batch",
    "compare": "policy_audit.diff",
}

if TYPE_CHECKING:
    from policy_audit.api import AuditResult, audit, checklist
    from policy_audit.batch import audit_corpus, read_results
    from policy_audit.diff import compare
    from policy_audit.ingest import InputError


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'policy_audit' has no attribute {name!r}")
