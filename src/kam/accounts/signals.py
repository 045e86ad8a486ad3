"""Signals other apps listen to; sent after the transaction that made the change commits."""

from __future__ import annotations

from django.dispatch import Signal

deal_recorded = Signal()
"""Sent with ``deal`` once a new deal is committed (the service desk opens its purchase callback)."""
