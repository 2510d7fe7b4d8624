"""Whole-frame transforms for help-desk vendors' exports (ServiceNow, Zendesk, Freshdesk,
Intercom, Salesforce; Zendesk as Fivetran loads it into a warehouse). Each follows the
contract of :mod:`cx_rules.io.transforms`: every
``_`` column is kept, every file row ends up as at least one event or gets a reason, and
events a row expands into name that row. The shipped mappings
(``cx_rules/io/mappings/*.yaml``) say which transform each export needs; the transforms only
do what a mapping's YAML cannot say.
"""

from __future__ import annotations

from cx_rules.io.transform_base import Transform
from cx_rules.io.vendors.fivetran import fivetran_zendesk
from cx_rules.io.vendors.intercom import intercom_conversations
from cx_rules.io.vendors.salesforce import salesforce_cases
from cx_rules.io.vendors.servicenow import servicenow_audit
from cx_rules.io.vendors.tickets import ticket_export_rows
from cx_rules.io.vendors.zendesk import zendesk_ticket_events

VENDOR_TRANSFORMS: dict[str, Transform] = {
    "fivetran_zendesk": fivetran_zendesk,
    "intercom_conversations": intercom_conversations,
    "salesforce_cases": salesforce_cases,
    "servicenow_audit": servicenow_audit,
    "ticket_export_rows": ticket_export_rows,
    "zendesk_ticket_events": zendesk_ticket_events,
}
"""Vendor transforms by name (found by :func:`cx_rules.io.transforms.get_transform`)."""
