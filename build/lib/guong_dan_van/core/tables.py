"""Cross-domain tables: the audit log."""

from __future__ import annotations

from piccolo.columns import JSONB, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class AuditEntry(Table, tablename="audit_entry"):
    """Who changed what, and when: one row per change, written in the change's own transaction."""

    id: Serial
    at = Timestamptz(index=True)
    actor_id = Integer(null=True, index=True)
    action = Varchar(length=80, index=True)
    object_type = Varchar(length=60, index=True, index_method=IndexMethod.btree)
    object_id = Integer(null=True, index=True)
    changes = JSONB(default="{}")
    address = Varchar(length=64, null=True)
