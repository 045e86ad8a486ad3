"""Writes of hospitality: requests (D17), banquets (D2), reception and send-off plans (D18, D19)."""
