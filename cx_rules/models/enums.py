"""The closed vocabularies of the canonical record and of rulesets."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    EMAIL = "email"
    CHAT = "chat"
    PHONE = "phone"
    SMS = "sms"
    SOCIAL = "social"
    WEB = "web"
    IN_PERSON = "in_person"
    SELF_SERVICE = "self_service"
    CALLBACK = "callback"
    VIRTUAL_ASSISTANT = "virtual_assistant"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Actor(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    BOT = "bot"
    SYSTEM = "system"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Status(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    """Waiting on the customer (Zendesk pending, ServiceNow Awaiting User Info)."""
    ON_HOLD = "on_hold"
    """Waiting on a third party (Zendesk on-hold, ServiceNow Awaiting Vendor)."""
    RESOLVED = "resolved"
    CLOSED = "closed"


class Purpose(StrEnum):
    SERVICE = "service"
    MARKETING = "marketing"
    TRANSACTIONAL = "transactional"


class QueueEvent(StrEnum):
    """An event of a call in a phone (or callback, chat) queue."""

    QUEUED = "queued"
    """The customer entered the queue."""
    ANSWERED = "answered"
    """An agent picked up."""
    ABANDONED = "abandoned"
    """The customer hung up (left the queue) before an agent picked up."""


class Category(StrEnum):
    SPEED = "speed"
    CONSISTENCY = "consistency"
    PRIVACY = "privacy"
    PERSONALIZATION = "personalization"
    RESOLUTION = "resolution"
    HONESTY = "honesty"
    TRANSPARENCY = "transparency"
    """Prices, fees and policies told plainly."""
    EFFORT = "effort"
    """What the customer has to do again or find out alone (repeat details, find a number)."""
    PROACTIVITY = "proactivity"
    """Being told of a problem before having to ask."""


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Order used by ``--fail-on``: info < warning < error < critical."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2, Severity.CRITICAL: 3}

CHANNELS: tuple[str, ...] = tuple(c.value for c in Channel)
RESOLVED_STATUSES: tuple[str, ...] = (Status.RESOLVED.value, Status.CLOSED.value)
